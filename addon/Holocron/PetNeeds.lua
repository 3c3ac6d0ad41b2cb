local addonName, ns = ...

-- Reads ns.petNeeds (Holocron_PetNeeds.lua, courier-format.md §3): which species
-- the account lacks, holds only below rare, or holds more of than its teams need.
local PetNeeds = {}
ns.PetNeeds = PetNeeds

local checked, usable
local function current()
  local needs = ns.petNeeds
  if needs ~= checked then
    checked, usable = needs, nil
    if type(needs) == "table" and needs.version == 1 then usable = needs end
  end
  return usable
end

function PetNeeds.Available()
  return current() ~= nil
end

local function isMissing(missing, species)
  if type(missing) ~= "table" then return false end
  local lo, hi = 1, #missing
  while lo <= hi do
    local mid = math.floor((lo + hi) / 2)
    local v = missing[mid]
    if v == species then return true end
    if v < species then lo = mid + 1 else hi = mid - 1 end
  end
  return false
end

-- A journal belongs to one WoW account: the lists of the account this character is on
-- (the file's `accounts`, by `characters`), else the top-level ones (the main account's).
local function forPlayer(needs)
  if type(needs.accounts) ~= "table" or not ns.Index then return needs end
  local ok, player = pcall(ns.Index.PlayerName)
  if not ok or not player then return needs end
  player = player:lower()
  for _, section in pairs(needs.accounts) do
    if type(section) == "table" and type(section.characters) == "table" then
      for _, character in ipairs(section.characters) do
        if type(character) == "string" and character:lower() == player then return section end
      end
    end
  end
  return needs
end

-- → { status = "missing" | "lower" | "duplicate" | "ok", quality?, held?, needed?, spare? }, or nil without data.
function PetNeeds.For(speciesId)
  local file = current()
  if not file or not speciesId then return nil end
  local needs = forPlayer(file)
  if isMissing(needs.missing, speciesId) then return { status = "missing" } end
  local quality = type(needs.lowerQuality) == "table" and needs.lowerQuality[speciesId]
  if quality then return { status = "lower", quality = quality } end
  local dup = type(needs.duplicates) == "table" and needs.duplicates[speciesId]
  if dup then return { status = "duplicate", held = dup[1], needed = dup[2], spare = dup[1] - dup[2] } end
  return { status = "ok" }
end

function PetNeeds.Line(speciesId)
  local need = PetNeeds.For(speciesId)
  if not need or need.status == "ok" then return nil end
  if need.status == "missing" then return "Holocron pets: missing" end
  if need.status == "lower" then
    return "Holocron pets: you only have it at " .. (ns.Text.QUALITY_NAMES[need.quality] or ("quality " .. need.quality))
  end
  return string.format("Holocron pets: %d held, %d needed: %d to sell", need.held, need.needed, need.spare)
end
