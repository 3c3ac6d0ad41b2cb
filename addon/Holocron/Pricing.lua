local addonName, ns = ...

-- Reads ns.pricing (Holocron_Pricing.lua, courier-format.md §1): fixed-width
-- records of 7-bit bytes, sorted by key, found by binary search in place. Nothing
-- is unpacked at load: a 200,000-key file is one string.
local Pricing = {}
ns.Pricing = Pricing

local byte, floor = string.byte, math.floor

function Pricing.Key(kind, id, variant)
  return (kind * 2097152 + id) * 4096 + variant
end

local function key5(data, pos)
  local a, b, c, d, e = byte(data, pos, pos + 4)
  return ((((a - 128) * 128 + b - 128) * 128 + c - 128) * 128 + d - 128) * 128 + e - 128
end

-- 28 bits: exponent × 2^23 + mantissa, worth mantissa × 2^exponent copper.
local function money(data, pos)
  local a, b, c, d = byte(data, pos, pos + 3)
  local v = (((a - 128) * 128 + b - 128) * 128 + c - 128) * 128 + d - 128
  return (v % 8388608) * 2 ^ floor(v / 8388608)
end

-- 14 bits: exponent × 2^10 + mantissa, worth mantissa × 2^exponent / 10.
local function rate(data, pos)
  local a, b = byte(data, pos, pos + 1)
  local v = (a - 128) * 128 + b - 128
  return (v % 1024) * 2 ^ floor(v / 1024) / 10
end

-- Hours since last listed: 0–95 hours, 96–126 are 4–34 days, 127 older or never (nil).
local function age(data, pos)
  local a = byte(data, pos) - 128
  if a < 96 then return a end
  if a < 127 then return (a - 92) * 24 end
  return nil
end

Pricing.decode = { key = key5, money = money, rate = rate, age = age }

local function find(set, key)
  local data, width = set.data, set.width
  local lo, hi = 0, set.count - 1
  while lo <= hi do
    local mid = floor((lo + hi) / 2)
    local pos = mid * width + 1
    local k = key5(data, pos)
    if k < key then
      lo = mid + 1
    elseif k > key then
      hi = mid - 1
    else
      return pos
    end
  end
  return nil
end

local function wellFormed(set, width)
  return type(set) == "table" and type(set.data) == "string" and type(set.count) == "number"
    and set.width == width and #set.data == set.count * width
end

local function contains(list, id)
  if type(list) ~= "table" then return false end
  for i = 1, #list do
    if list[i] == id then return true end
  end
  return false
end

-- The data checked once per table the file assigned (a /reload assigns a new one).
local checked, usable, realmSet
local function current()
  local p = ns.pricing
  if p ~= checked then
    checked, usable, realmSet = p, nil, nil
    if type(p) == "table" and p.version == 1 and wellFormed(p, 20) then
      usable = p
      local realmId = GetRealmID()
      if type(p.primary) == "table" and contains(p.primary.realmIds, realmId) then
        realmSet = "primary"
      elseif type(p.realms) == "table" then
        for _, other in ipairs(p.realms) do
          if contains(other.realmIds, realmId) and wellFormed(other, 14) then
            realmSet = other
            break
          end
        end
      end
    end
  end
  return usable, realmSet
end

function Pricing.Available()
  return current() ~= nil
end

function Pricing.GeneratedAt()
  local p = current()
  return p and p.generatedAt
end

local function orNil(v)
  if v == 0 then return nil end
  return v
end

-- Reads one key: the primary record (region values, and realm values when the
-- character plays on the primary connected realm), and its own realm's record.
local function read(p, realms, key)
  local pos = p.count > 0 and find(p, key) or nil
  local other = type(realms) == "table" and find(realms, key) or nil
  if not pos and not other then return nil end
  local data = p.data
  local r = {}
  local primaryRealm, primaryMin, primaryAge
  if pos then
    r.region = orNil(money(data, pos + 5))
    primaryRealm, primaryMin = money(data, pos + 9), money(data, pos + 13)
    r.soldPerDay = rate(data, pos + 17)
    primaryAge = age(data, pos + 19)
  end
  if realms == "primary" then
    r.realm, r.minBuyout, r.listedHoursAgo = orNil(primaryRealm), orNil(primaryMin), primaryAge
  elseif other then
    local odata = realms.data
    r.realm, r.minBuyout, r.listedHoursAgo = orNil(money(odata, other + 5)), orNil(money(odata, other + 9)), age(odata, other + 13)
  elseif pos and primaryRealm == 0 and primaryMin > 0 then
    -- A commodity (no realm value): its cheapest unit is region-wide.
    r.minBuyout, r.listedHoursAgo = primaryMin, primaryAge
  end
  r.market = r.realm or r.region
  return r
end

-- parsed: ns.Items.Parse() of what the caller gave. → price table or nil.
function Pricing.Lookup(parsed)
  local p, realms = current()
  if not p or not parsed then return nil end
  for _, k in ipairs(ns.Items.PriceKeys(parsed)) do
    local r = read(p, realms, Pricing.Key(k[1], k[2], k[3]))
    if r then
      r.kind, r.id, r.variant = k[1], k[2], k[3]
      r.generatedAt = p.generatedAt
      r.age = GetServerTime() - (p.generatedAt or 0)
      return r
    end
  end
  return nil
end
