local addonName, ns = ...

-- What callers pass for an item (an id, its digits, an item link or item
-- string, a battle-pet link) → what it names.
local Items = {}
ns.Items = Items

local MAX_ID = 2147483647

local function validId(n)
  return n and n >= 1 and n <= MAX_ID and n % 1 == 0
end

-- → { itemId, speciesId, breedQuality?, link? } or nil. speciesId is 0 for an
-- item that is not a caged pet, and nil for "every species" (the pet cage's id).
function Items.Parse(item)
  local kind = type(item)
  if kind == "number" then
    if not validId(item) then return nil end
    return { itemId = item, speciesId = item ~= ns.PET_CAGE and 0 or nil }
  end
  if kind ~= "string" then return nil end
  local digits = item:match("^%s*(%d+)%s*$")
  if digits then return Items.Parse(tonumber(digits)) end
  local species, _, quality = item:match("battlepet:(%d+):?(%d*):?(%-?%d*)")
  if species then
    species = tonumber(species)
    if not validId(species) then return nil end
    quality = tonumber(quality)
    if quality and (quality < 0 or quality > 5) then quality = nil end
    return { itemId = ns.PET_CAGE, speciesId = species, breedQuality = quality, link = item }
  end
  local id = item:match("item:(%d+)") or item:match("keystone:(%d+)")
  id = tonumber(id)
  if not validId(id) then return nil end
  return { itemId = id, speciesId = id ~= ns.PET_CAGE and 0 or nil, link = item }
end

-- Weapons, armour and profession tools are priced per item level.
local LEVELLED_CLASSES = { [2] = true, [4] = true, [19] = true }

-- Pricing keys to try, most specific first: { kind, id, variant } (courier-format.md §1).
function Items.PriceKeys(parsed)
  if parsed.itemId == ns.PET_CAGE and parsed.speciesId then
    local keys = {}
    if parsed.breedQuality then keys[1] = { 2, parsed.speciesId, parsed.breedQuality + 1 } end
    keys[#keys + 1] = { 2, parsed.speciesId, 0 }
    return keys
  end
  if parsed.link then
    local classID = select(6, C_Item.GetItemInfoInstant(parsed.link))
    if classID == nil or LEVELLED_CLASSES[classID] then
      local level = C_Item.GetDetailedItemLevelInfo(parsed.link)
      if level and level >= 1 and level <= 4095 then
        return { { 1, parsed.itemId, math.floor(level) }, { 0, parsed.itemId, 0 } }
      end
    end
  end
  return { { 0, parsed.itemId, 0 } }
end
