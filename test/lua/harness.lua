-- Runs the addon in plain Lua 5.1 the way the client does: reads Holocron.toc,
-- runs the files it lists in order with (addonName, ns) as their varargs (files
-- not listed are never loaded), restores the SavedVariables, fires the loading
-- events; writes HolocronDB back as the 11.x/12.x client writes SavedVariables.
local H = {}

H.W = require("wow")
local json = require("json")
H.json = json

local function readFile(path)
  local f, err = io.open(path, "rb")
  if not f then error(err, 2) end
  local text = f:read("*a")
  f:close()
  return text
end
H.readFile = readFile

-- The toc's directives and file list.
function H.readToc(path)
  local toc = { meta = {}, files = {} }
  for line in (readFile(path) .. "\n"):gmatch("([^\n]*)\n") do
    line = line:gsub("\r$", "")
    local key, value = line:match("^##%s*([%w%-_]+)%s*:%s*(.-)%s*$")
    if key then
      toc.meta[key] = value
    elseif line:match("%S") and not line:match("^#") then
      toc.files[#toc.files + 1] = (line:gsub("^%s+", ""):gsub("%s+$", ""))
    end
  end
  return toc
end

-- Loads the addon. options: addonDir (default addon/Holocron), dataDir (where the
-- toc's Data\ files are read from instead), savedVariables (a file to restore),
-- scenario (the stub's answers). Returns ns, the toc, the globals it created.
function H.load(options)
  options = options or {}
  local dir = options.addonDir or "addon/Holocron"
  local before = {}
  for k in pairs(_G) do before[k] = true end
  local W = H.W.setup(options.scenario)
  for k in pairs(_G) do before[k] = true end
  local toc = H.readToc(dir .. "/Holocron.toc")
  local addonName = dir:match("([^/]+)/*$")
  W.addonMetadata[addonName] = toc.meta
  local ns = {}
  H.loaded = {}
  for _, file in ipairs(toc.files) do
    local path = dir .. "/" .. file:gsub("\\", "/")
    if options.dataDir and file:match("^Data\\") then
      -- A folder without one of the files gets the addon's own (the shipped placeholder).
      local candidate = options.dataDir .. "/" .. file:match("^Data\\(.+)$")
      local f = io.open(candidate, "rb")
      if f then
        f:close()
        path = candidate
      end
    end
    local chunk, err = loadfile(path)
    if not chunk then error("loading " .. path .. ": " .. err, 0) end
    chunk(addonName, ns)
    H.loaded[#H.loaded + 1] = file
  end
  if options.savedVariables then
    local chunk = assert(loadfile(options.savedVariables))
    chunk()
  end
  W.loadedAddons[addonName] = true
  W.fire("ADDON_LOADED", addonName, false)
  local created = {}
  for k in pairs(_G) do
    if not before[k] then created[#created + 1] = k end
  end
  table.sort(created)
  H.ns, H.toc, H.created = ns, toc, created
  return ns, toc, created
end

-- The client's login: PLAYER_LOGIN, then the first PLAYER_ENTERING_WORLD.
function H.login()
  H.W.fire("PLAYER_LOGIN")
  H.W.fire("PLAYER_ENTERING_WORLD", true, false)
end

-- SavedVariables as the 11.x/12.x client writes them: first line empty,
-- `Name = {` then one field a line (`["key"] = value,`, `[n] = value,`,
-- positional `value,` with `nil,` for holes), no indentation, `}` or `},`.
local function number(n)
  if n == math.floor(n) and math.abs(n) < 2 ^ 53 then return string.format("%d", n) end
  for digits = 14, 17 do
    local text = string.format("%." .. digits .. "g", n)
    if tonumber(text) == n then return text end
  end
  return string.format("%.17g", n)
end

local function quote(s)
  return '"' .. s:gsub('[\\"\n]', { ["\\"] = "\\\\", ['"'] = '\\"', ["\n"] = "\\n" }) .. '"'
end

local function keyOrder(a, b)
  local ta, tb = type(a), type(b)
  if ta ~= tb then return ta == "number" end
  return a < b
end

local function serialise(value, out)
  local kind = type(value)
  if kind == "string" then
    out[#out + 1] = quote(value)
  elseif kind == "number" then
    out[#out + 1] = number(value)
  elseif kind == "boolean" then
    out[#out + 1] = tostring(value)
  elseif kind == "table" then
    out[#out + 1] = "{\n"
    local n = #value
    for i = 1, n do
      if value[i] == nil then out[#out + 1] = "nil" else serialise(value[i], out) end
      out[#out + 1] = ",\n"
    end
    local keys = {}
    for k in pairs(value) do
      if not (type(k) == "number" and k >= 1 and k <= n and k == math.floor(k)) then keys[#keys + 1] = k end
    end
    table.sort(keys, keyOrder)
    for _, k in ipairs(keys) do
      if type(k) == "string" then out[#out + 1] = "[" .. quote(k) .. "] = " else out[#out + 1] = "[" .. number(k) .. "] = " end
      serialise(value[k], out)
      out[#out + 1] = ",\n"
    end
    out[#out + 1] = "}"
  else
    error("cannot save a " .. kind)
  end
end

function H.savedVariablesText(names)
  local out = { "\n" }
  for _, name in ipairs(names or { "HolocronDB" }) do
    out[#out + 1] = name .. " = "
    if _G[name] == nil then out[#out + 1] = "nil" else serialise(_G[name], out) end
    out[#out + 1] = "\n"
  end
  return table.concat(out)
end

function H.writeSavedVariables(path)
  local f = assert(io.open(path, "wb"))
  f:write(H.savedVariablesText())
  f:close()
end

-- Prints one JSON document on stdout.
function H.print(value)
  io.write(json.encode(value), "\n")
end

-- Lines of a tooltip as plain values.
function H.lines(list)
  local out = {}
  for i, line in ipairs(list) do out[i] = line.text end
  return out
end

return H
