-- lua5.1 bench/lib/addon-load.lua --data DIR [--searches N] [--query TEXT]…
-- Loads courier files the way the client does and prints one JSON document:
--   baselineMs: a fixed piece of Lua work (loops, strings, tables), this
--     machine's speed at this moment, for ratios that travel between runs;
--   pricing, index: each data file run alone — bytes, the time to load and run it
--     (os.clock), Lua memory after it (collectgarbage("count"), KB, after a full
--     collection) and what it holds;
--   addon: the whole addon with those files (stub included), the search's name
--     order (Search.Prepare, at login) and its typo index built through the job
--     queue after login (frames, slowest frame);
--   searches: per query, the first call and the median / p95 / max of N calls (ms).
local here = (arg[0]:match("^(.*)/[^/]*$") or ".")
package.path = here .. "/../../test/lua/?.lua;" .. package.path
local json = require("json")

local options = { searches = 50, queries = {} }
local i = 1
while arg[i] do
  if arg[i] == "--data" then options.data = arg[i + 1]; i = i + 1
  elseif arg[i] == "--searches" then options.searches = tonumber(arg[i + 1]); i = i + 1
  elseif arg[i] == "--query" then options.queries[#options.queries + 1] = arg[i + 1]; i = i + 1
  else error("unknown argument " .. arg[i]) end
  i = i + 1
end
assert(options.data, "--data DIR is required")

local function ms(seconds) return seconds * 1000 end

local function kb()
  collectgarbage("collect")
  collectgarbage("collect")
  return collectgarbage("count")
end

local function baseline()
  local t0 = os.clock()
  local list, x = {}, 0
  for k = 1, 200000 do
    x = x + k % 7
    list[k % 5000 + 1] = "item " .. (k % 977)
  end
  table.sort(list)
  return ms(os.clock() - t0), x
end

-- One data file alone, loaded and run.
local function dataFile(name)
  local path = options.data .. "/" .. name
  local f = assert(io.open(path, "rb"))
  local size = f:seek("end")
  f:close()
  local before = kb()
  local ns = {}
  t0 = os.clock()
  local chunk = assert(loadfile(path))
  chunk("Holocron", ns)
  local loadMs = ms(os.clock() - t0)
  local after = kb()
  return ns, { bytes = size, loadMs = loadMs, kb = after - before }
end

local baselineMs = baseline()
local pricingNs, pricing = dataFile("Holocron_Pricing.lua")
pricing.count = pricingNs.pricing.count
pricingNs = nil -- luacheck: ignore
local indexNs, index = dataFile("Holocron_Index.lua")
index.items = #indexNs.index.items
local places = 0
for _, row in ipairs(indexNs.index.items) do places = places + row[6] end
index.places = places
indexNs = nil -- luacheck: ignore
kb()

-- The whole addon on the stub; its job queue paced by real time, as in the client.
local H = require("harness")
H.W.realTime = true
local before = kb()
local t0 = os.clock()
local ns = H.load({ dataDir = options.data, scenario = { time = os.time(), player = { realmId = 60 } } })
local addon = { loadMs = ms(os.clock() - t0) }
t0 = os.clock()
ns.Search.Prepare()
addon.prepareMs = ms(os.clock() - t0)
-- Login queues the typo index (and the collector's reads, empty here): frames until done.
local W = H.W
H.login()
t0 = os.clock()
local run = W.runFrames()
addon.trigramMs = ms(os.clock() - t0)
addon.trigramFrames = run.frames
local slowest = 0
for _, v in ipairs(run.real) do if v > slowest then slowest = v end end
addon.trigramSlowestFrameMs = slowest
addon.kb = kb() - before
addon.totalKb = kb()

local searches = {}
for _, query in ipairs(options.queries) do
  t0 = os.clock()
  local first = HolocronAPI.Search(query)
  local firstMs = ms(os.clock() - t0)
  local times = {}
  for k = 1, options.searches do
    t0 = os.clock()
    HolocronAPI.Search(query)
    times[k] = ms(os.clock() - t0)
  end
  table.sort(times)
  searches[#searches + 1] = {
    query = query,
    hits = #first.hits,
    match = first.hits[1] and first.hits[1].match or json.null,
    firstMs = firstMs,
    medianMs = times[math.ceil(#times / 2)],
    p95Ms = times[math.ceil(#times * 0.95)],
    maxMs = times[#times],
  }
end

io.write(json.encode({ baselineMs = baselineMs, pricing = pricing, index = index, addon = addon, searches = searches }), "\n")
