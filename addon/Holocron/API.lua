local addonName, ns = ...

-- The public API for other addons. Every call returns fresh tables (callers may
-- keep or change them) and nil when the data file it reads is empty.
local API = {}
HolocronAPI = API

API.version = ns.VERSION

local function copy(value)
  if type(value) ~= "table" then return value end
  local out = {}
  for k, v in pairs(value) do out[k] = copy(v) end
  return out
end

local function days(hours)
  if hours == nil then return 255 end
  return math.floor(hours / 24)
end

-- HolocronAPI.Search("hearthstone") → { query, hits = { { itemId, petSpeciesId, name, quality, total,
-- placeCount, morePlaces, match = "id"|"link"|"name"|"similar", places = { { owner, location,
-- container, place, count } } } } }: what `holocron search` answers.
function API.Search(text)
  if not ns.Index.Available() then return nil end
  return ns.Search.Run(text)
end

-- → { itemId, speciesId, name, total, placeCount, places = { { owner, location, container, place, count } } }
function API.GetCounts(item)
  local parsed = ns.Items.Parse(item)
  if not parsed or not ns.Index.Available() then return nil end
  local holding = ns.Index.Holding(parsed.itemId, parsed.speciesId)
  local places = {}
  for k, place in ipairs(holding.places) do
    places[k] = {
      owner = place.owner,
      location = place.location,
      container = place.container,
      place = ns.Index.PlaceLabel(place.location, place.container, place.name),
      count = place.count,
    }
  end
  return {
    itemId = holding.itemId,
    speciesId = holding.speciesId,
    name = holding.name,
    total = holding.total,
    placeCount = holding.placeCount,
    places = places,
  }
end

-- → { market, region, realm, minBuyout, soldPerDay, age, days, listedHoursAgo, generatedAt,
-- kind, id, variant } in copper; market is the realm's value, else the region's.
-- age: seconds since the data was made; days: since the item was last listed (255: never / over 34).
function API.GetPrice(item)
  local price = ns.Pricing.Lookup(ns.Items.Parse(item))
  if not price then return nil end
  price.days = days(price.listedHoursAgo)
  return price
end

local OE_FIELDS = { "input", "itemid", "species", "quality", "market", "region", "days", "age" }

-- Oribos Exchange's OEMarketInfo(item, result) fields: fills and returns result
-- (a new table when nil), or returns nil when there is no price.
function API.MarketInfo(item, result)
  result = result or {}
  for _, field in ipairs(OE_FIELDS) do result[field] = nil end
  result.input = item
  local parsed = ns.Items.Parse(item)
  if not parsed then return nil end
  result.itemid = parsed.itemId
  if parsed.itemId == ns.PET_CAGE then
    result.species = parsed.speciesId
    result.quality = parsed.breedQuality
  end
  local price = ns.Pricing.Lookup(parsed)
  if not price then return nil end
  result.market = price.market
  result.region = price.region
  result.days = days(price.listedHoursAgo)
  result.age = price.age
  return result
end

-- → the open jobs of a character ("Name-Realm"; default the player):
-- { { id, kind = "mail"|"sell"|"vendor"|"cage", to?, source?, items = { { itemId, speciesId, count } } } }
function API.GetJobs(character)
  if not ns.Index.Available() then return nil end
  return copy(ns.Index.JobsFor(character))
end

-- → { status = "missing"|"lower"|"duplicate"|"ok", quality?, held?, needed?, spare? }
function API.GetPetNeed(speciesId)
  return ns.PetNeeds.For(speciesId)
end
