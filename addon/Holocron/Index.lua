local addonName, ns = ...

-- Reads ns.index (Holocron_Index.lua, courier-format.md §2): items sorted by item
-- id then species, found by binary search; each item's places are kept as the
-- file's text and parsed only when shown.
local Index = {}
ns.Index = Index

local floor = math.floor

-- Columns of an item row.
Index.ID, Index.SPECIES, Index.NAME, Index.QUALITY, Index.TOTAL, Index.PLACES, Index.TOP = 1, 2, 3, 4, 5, 6, 7

local checked, usable
local function current()
  local index = ns.index
  if index ~= checked then
    checked, usable = index, nil
    if type(index) == "table" and index.version == 1 and type(index.items) == "table" then usable = index end
  end
  return usable
end
Index.Current = current

function Index.Available()
  return current() ~= nil
end

-- The place label `holocron search` prints (placeLabel in src/core/inventory/search.ts);
-- `name` is the bank, warband or guild tab's name when it has one.
function Index.PlaceLabel(location, container, name)
  local function named(label)
    if name and name ~= "" then return label .. " (" .. name .. ")" end
    return label
  end
  if location == "bags" then
    if container == 0 then return "backpack" end
    if container == 5 then return "reagent bag" end
    if container == -2 then return "keyring" end
    return "bag " .. container
  elseif location == "bank" then
    if container == -1 then return "bank" end
    if name and name ~= "" then return "bank tab " .. (container - 5) .. " (" .. name .. ")" end
    return "bank bag " .. (container - 5)
  elseif location == "warband_bank" then
    return named("warband tab " .. (container - 12))
  elseif location == "guild_bank" then
    return named("guild tab " .. container)
  elseif location == "reagent_bank" then
    return "reagent bank"
  elseif location == "equipped" then
    return container == 1 and "bag slot" or "equipped"
  elseif location == "void" then
    return "void storage"
  elseif location == "mail" then
    return container == 1 and "mail (sent by an alt)" or "mail"
  elseif location == "auction" then
    return "auction house"
  end
  return location
end

local function before(row, id, species)
  local rid = row[1]
  if rid ~= id then return rid < id end
  return row[2] < species
end

-- First row position whose (id, species) is not before the given pair.
local function lowerBound(items, id, species)
  local lo, hi = 1, #items + 1
  while lo < hi do
    local mid = floor((lo + hi) / 2)
    if before(items[mid], id, species) then lo = mid + 1 else hi = mid end
  end
  return lo
end

-- The rows of an item: one, or every species of the pet cage when speciesId is nil.
function Index.Rows(itemId, speciesId)
  local index = current()
  if not index then return {} end
  local items = index.items
  local at = lowerBound(items, itemId, speciesId or -1)
  local rows = {}
  while items[at] and items[at][1] == itemId and (speciesId == nil or items[at][2] == speciesId) do
    rows[#rows + 1] = items[at]
    at = at + 1
  end
  return rows
end

local parsedPlaces = setmetatable({}, { __mode = "k" })

local function unescapeName(text)
  return (text:gsub("%%(%x%x)", function(hex) return string.char(tonumber(hex, 16)) end))
end

-- A row's listed places: { owner, location, container, count, name? }, biggest first.
function Index.Places(row)
  local places = parsedPlaces[row]
  if places then return places end
  places = {}
  local owners = current().owners or {}
  for place in (row[7] or ""):gmatch("[^;]+") do
    local owner, location, container, count, rest = place:match("^(%d+),([%a_]+),(%-?%d+),(%d+),?(.*)$")
    if owner then
      owner = tonumber(owner)
      places[#places + 1] = {
        owner = owners[owner] or ("#" .. owner),
        location = location,
        container = tonumber(container),
        count = tonumber(count),
        name = rest ~= "" and unescapeName(rest) or nil,
      }
    end
  end
  parsedPlaces[row] = places
  return places
end

local function placeOrder(a, b)
  if a.count ~= b.count then return a.count > b.count end
  if a.owner ~= b.owner then return a.owner < b.owner end
  if a.location ~= b.location then return a.location < b.location end
  return a.container < b.container
end

-- What the account holds of an item: rows combined (several only for every
-- species of the pet cage), places biggest first.
function Index.Holding(itemId, speciesId)
  local rows = Index.Rows(itemId, speciesId)
  local holding = { itemId = itemId, speciesId = speciesId, total = 0, placeCount = 0, places = {} }
  for _, row in ipairs(rows) do
    holding.name = holding.name or row[3]
    holding.quality = holding.quality or row[4]
    holding.total = holding.total + row[5]
    holding.placeCount = holding.placeCount + row[6]
    for _, place in ipairs(Index.Places(row)) do holding.places[#holding.places + 1] = place end
  end
  if #rows > 1 then
    table.sort(holding.places, placeOrder)
    while #holding.places > 20 do table.remove(holding.places) end
  end
  if #rows == 1 then holding.speciesId = rows[1][2] end
  -- Every species of the pet cage: the cage's own name, as `holocron search` shows it.
  if speciesId == nil and rows[1] then holding.name = rows[1][2] == 0 and rows[1][3] or "Pet Cage" end
  return holding, rows
end

-- Realm names compared as the client normalises them (no spaces or hyphens).
local function normaliseRealm(realm)
  return (realm or ""):gsub("[%s%-]", ""):lower()
end

local function splitOwner(label)
  local name, realm = label:match("^([^%-]+)%-(.+)$")
  return name or label, realm
end

function Index.PlayerName()
  local name = UnitName("player")
  return name .. "-" .. (GetNormalizedRealmName() or GetRealmName():gsub("[%s%-]", ""))
end

-- "Main-Stormrage" → "Main" when Stormrage is the player's realm.
function Index.ShortOwner(label)
  local name, realm = splitOwner(label)
  if realm and normaliseRealm(realm) == normaliseRealm(GetRealmName()) then return name end
  return label
end

-- The jobs of a character ("Name-Realm", "Name" on the player's realm, or the player).
function Index.JobsFor(character)
  local index = current()
  if not index or type(index.jobs) ~= "table" then return {} end
  character = character or Index.PlayerName()
  if index.jobs[character] then return index.jobs[character] end
  local name, realm = splitOwner(character)
  realm = normaliseRealm(realm or GetRealmName())
  for key, jobs in pairs(index.jobs) do
    local keyName, keyRealm = splitOwner(key)
    if keyName:lower() == name:lower() and normaliseRealm(keyRealm) == realm then return jobs end
  end
  return {}
end
