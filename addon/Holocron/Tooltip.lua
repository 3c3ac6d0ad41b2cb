local addonName, ns = ...

-- Tooltip lines: how many the account holds and where, the market value, sales
-- per day and how old the prices are; for battle pets also what the journal needs.
local Tooltip = {}
ns.Tooltip = Tooltip

local Text, Index = ns.Text, ns.Index

local HEADER = { 0.2, 0.73, 1 }
local BODY = { 1, 1, 1 }
local MUTED = { 0.7, 0.7, 0.7 }
local NEED = { 1, 0.82, 0 }

Tooltip.GROUPS_SHOWN = 3

local LOCATION_WORDS = {
  bags = "bags", bank = "bank", reagent_bank = "reagent bank", warband_bank = "warband bank",
  guild_bank = "guild bank", mail = "mail", auction = "auction house", equipped = "equipped", void = "void storage",
}
-- Where a tab matters to find the item, a single container is named ("warband tab 2").
local NAMED_CONTAINERS = { bank = true, warband_bank = true, guild_bank = true }

-- Places summed per owner and location, biggest first.
local function groups(places)
  local byKey, list = {}, {}
  for _, place in ipairs(places) do
    local key = place.owner .. "\1" .. place.location
    local group = byKey[key]
    if not group then
      group = { owner = place.owner, location = place.location, count = 0, places = 0, container = place.container, name = place.name }
      byKey[key] = group
      list[#list + 1] = group
    end
    group.count = group.count + place.count
    group.places = group.places + 1
    if group.container ~= place.container then group.container, group.name = nil, nil end
  end
  table.sort(list, function(a, b)
    if a.count ~= b.count then return a.count > b.count end
    if a.owner ~= b.owner then return a.owner < b.owner end
    return a.location < b.location
  end)
  return list
end

local function groupText(group)
  local where = LOCATION_WORDS[group.location] or group.location
  if group.container and NAMED_CONTAINERS[group.location] then where = Index.PlaceLabel(group.location, group.container, group.name) end
  return string.format("%s: %s %s", Index.ShortOwner(group.owner), Text.Number(group.count), where)
end

local function rate(perDay)
  if perDay >= 100 then return Text.Number(perDay + 0.5) end
  return (string.format("%.1f", perDay):gsub("%.0$", ""))
end

local function add(lines, text, color)
  lines[#lines + 1] = { text = text, r = color[1], g = color[2], b = color[3] }
end

function Tooltip.HoldingLines(lines, itemId, speciesId)
  if not Index.Available() then return end
  local holding = Index.Holding(itemId, speciesId)
  if holding.total <= 0 then return end
  local placeWord = holding.placeCount == 1 and "place" or "places"
  add(lines, string.format("Holocron: %s held in %s %s", Text.Number(holding.total), Text.Number(holding.placeCount), placeWord), HEADER)
  local list = groups(holding.places)
  local parts, shownPlaces = {}, 0
  for k = 1, math.min(Tooltip.GROUPS_SHOWN, #list) do
    parts[k] = groupText(list[k])
    shownPlaces = shownPlaces + list[k].places
  end
  local more = holding.placeCount - shownPlaces
  if more > 0 then parts[#parts + 1] = string.format("… %s more %s", Text.Number(more), more == 1 and "place" or "places") end
  add(lines, table.concat(parts, ", "), BODY)
end

function Tooltip.PriceLines(lines, parsed)
  local price = ns.Pricing.Lookup(parsed)
  if not price then return end
  local first
  if price.market then
    first = "Market " .. Text.Money(price.market)
  elseif price.minBuyout then
    first = "Min buyout " .. Text.Money(price.minBuyout)
  end
  if price.soldPerDay then
    local sold = rate(price.soldPerDay) .. " sold/day"
    first = first and (first .. ", " .. sold) or sold
  end
  if first then add(lines, first, BODY) end
  local details = {}
  if price.realm and price.region then details[#details + 1] = "region " .. Text.Money(price.region) end
  if price.market and price.minBuyout then details[#details + 1] = "min buyout " .. Text.Money(price.minBuyout) end
  details[#details + 1] = "prices " .. Text.Age(math.max(0, price.age)) .. " old"
  local line = table.concat(details, ", ")
  add(lines, line:sub(1, 1):upper() .. line:sub(2), MUTED)
end

-- The lines for an item link or id.
function Tooltip.ItemLines(item)
  local parsed = ns.Items.Parse(item)
  local lines = {}
  if not parsed then return lines end
  Tooltip.HoldingLines(lines, parsed.itemId, parsed.speciesId)
  Tooltip.PriceLines(lines, parsed)
  if parsed.itemId == ns.PET_CAGE and parsed.speciesId then
    local need = ns.PetNeeds.Line(parsed.speciesId)
    if need then add(lines, need, NEED) end
  end
  return lines
end

-- The lines for a battle pet shown by species (breedQuality 0–5 when known).
function Tooltip.PetLines(speciesId, breedQuality)
  local lines = {}
  if not speciesId or speciesId <= 0 then return lines end
  Tooltip.HoldingLines(lines, ns.PET_CAGE, speciesId)
  Tooltip.PriceLines(lines, { itemId = ns.PET_CAGE, speciesId = speciesId, breedQuality = breedQuality })
  local need = ns.PetNeeds.Line(speciesId)
  if need then add(lines, need, NEED) end
  return lines
end

local function addTo(tooltip, lines)
  for _, line in ipairs(lines) do tooltip:AddLine(line.text, line.r, line.g, line.b, true) end
end

local function onItemTooltip(tooltip)
  if tooltip ~= GameTooltip and tooltip ~= ItemRefTooltip then return end
  local _, link, id = TooltipUtil.GetDisplayedItem(tooltip)
  local item = link or id
  if not item then return end
  addTo(tooltip, Tooltip.ItemLines(item))
end

function Tooltip.Install()
  TooltipDataProcessor.AddTooltipPostCall(Enum.TooltipDataType.Item, onItemTooltip)
  -- Blizzard's own pre-call ends BattlePet tooltip processing before any post-call runs.
  if BattlePetToolTip_Show then
    hooksecurefunc("BattlePetToolTip_Show", function(speciesID, _, breedQuality)
      addTo(BattlePetTooltip, Tooltip.PetLines(speciesID, breedQuality))
    end)
  end
  if FloatingBattlePet_Show then
    hooksecurefunc("FloatingBattlePet_Show", function(speciesID, _, breedQuality)
      if FloatingBattlePetTooltip:IsShown() then addTo(FloatingBattlePetTooltip, Tooltip.PetLines(speciesID, breedQuality)) end
    end)
  end
end
