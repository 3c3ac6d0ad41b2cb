-- lua5.1 test/lua/cases/collector.lua <scenario.lua> <SavedVariables out>
-- A session of the collector against the scenario: login in combat (nothing may
-- be read), combat ends (the login reads run, spread over frames), the vault and
-- lockouts update, the bank opens (and a second visit closes mid-scan), combat
-- again (nothing read), logout; then HolocronDB is written as the client does.
-- Prints one JSON document: what was read when, per-frame work, HolocronDB.
dofile((arg[0]:match("^(.*)/[^/]*$") or ".") .. "/../boot.lua")
local H = require("harness")
local W = H.W

local scenario = dofile(arg[1])
local svPath = arg[2]
local savedIn = arg[3]
scenario.inCombat = true
H.load({ scenario = scenario, savedVariables = savedIn })
local toyFiltersBefore = H.json.encode(W.toyFilters)

local phases = {}
local allFrames = { virtual = {}, real = {} }
local function frames(name, limit)
  local calls = #W.combatCalls
  local run = W.runFrames(limit)
  for i = 1, run.frames do
    allFrames.virtual[#allFrames.virtual + 1] = run.virtual[i]
    allFrames.real[#allFrames.real + 1] = run.real[i]
  end
  local maxVirtual = 0
  for _, v in ipairs(run.virtual) do if v > maxVirtual then maxVirtual = v end end
  phases[#phases + 1] = { name = name, frames = run.frames, maxVirtualMs = maxVirtual, combatCalls = #W.combatCalls - calls }
  return run
end

local function setCombat(on)
  scenario.inCombat = on
  W.fire(on and "PLAYER_REGEN_DISABLED" or "PLAYER_REGEN_ENABLED")
end

-- Logged in (or reloaded) in combat: the collector waits.
H.login()
frames("login in combat", 50)
local charactersInCombat = 0
for _ in pairs(HolocronDB.characters) do charactersInCombat = charactersInCombat + 1 end
local combatCallsAtLogin = {}
for _, name in ipairs(W.combatCalls) do combatCallsAtLogin[#combatCallsAtLogin + 1] = name end

setCombat(false)
frames("after combat")
local raidInfoRequested = W.raidInfoRequested == true
W.fire("UPDATE_INSTANCE_INFO")
W.fire("WEEKLY_REWARDS_UPDATE")
frames("vault and lockouts")

-- At the bank: both banks are read while it is open.
W.fire("BANKFRAME_OPENED")
frames("bank open")
local bankAfterVisit = HolocronDB.characters[UnitGUID("player")].bank

-- A second visit closes before the scan ends: the first visit's data stays.
for _, slot in pairs(scenario.bags[6] and scenario.bags[6].slots or {}) do slot.count = (slot.count or 1) + 1000 end
W.fire("BANKFRAME_OPENED")
frames("second bank visit, first frames", 3)
W.fire("BANKFRAME_CLOSED")
frames("bank closed")
local bankAfterCutVisit = HolocronDB.characters[UnitGUID("player")].bank

-- Combat again: events arrive, nothing is read until it ends.
setCombat(true)
local callsBefore = #W.combatCalls
W.fire("WEEKLY_REWARDS_UPDATE")
W.fire("UPDATE_INSTANCE_INFO")
W.fire("MAIL_CLOSED")
frames("combat", 20)
local combatCallsLater = {}
for i = callsBefore + 1, #W.combatCalls do combatCallsLater[#combatCallsLater + 1] = W.combatCalls[i] end
setCombat(false)
frames("after second combat")

scenario.time = scenario.time + 600
W.fire("PLAYER_LOGOUT")
H.writeSavedVariables(svPath)

local function summary(list)
  local sorted = {}
  for i, v in ipairs(list) do sorted[i] = v end
  table.sort(sorted)
  local sum = 0
  for _, v in ipairs(sorted) do sum = sum + v end
  return { frames = #sorted, max = sorted[#sorted] or 0, median = sorted[math.ceil(#sorted / 2)] or 0, total = sum }
end

H.print({
  phases = phases,
  charactersInCombat = charactersInCombat,
  combatCallsAtLogin = combatCallsAtLogin,
  combatCallsLater = combatCallsLater,
  raidInfoRequested = raidInfoRequested,
  virtualFrameMs = summary(allFrames.virtual),
  realFrameMs = summary(allFrames.real),
  bankAfterVisit = bankAfterVisit or H.json.null,
  bankAfterCutVisit = bankAfterCutVisit or H.json.null,
  toyFiltersBefore = toyFiltersBefore,
  toyFiltersAfter = H.json.encode(W.toyFilters),
  db = HolocronDB,
})
