local addonName, ns = ...

-- "Where is my X" over the index file, answering as `holocron search` does
-- (src/core/inventory/search.ts): an item id, a pasted link, else the names
-- containing the text (exact name first, then shorter names, then by name),
-- else names whose words are similar (pg_trgm word_similarity ≥ 0.6, best first).
--
-- Speed on 10,000 items: the lower-cased names are joined once, in rank order,
-- into one string that string.find scans in C, so a search stops at the 25th
-- match; the typo fallback counts shared trigrams through an inverted index
-- (built in the background) and scores only names that can reach the threshold.
local Search = {}
ns.Search = Search

local Text, Index, Trigram = ns.Text, ns.Index, ns.Trigram
local find, floor = string.find, math.floor

Search.LIMIT = 25
Search.PLACES_ONE_ITEM = 20
Search.PLACES_EACH_ITEM = 10

local prepared -- for one index table: order, haystack, starts, exact; trigram postings

local function names()
  local index = Index.Current()
  if not index then return nil end
  if prepared and prepared.index == index then return prepared end
  Trigram.unicodeWords = index.trigramWords == "unicode"
  local items = index.items
  -- One entry per name an item is found by: its name and, when the courier gives one, its other name (field 8).
  local keys, lowered, itemOf = {}, {}, {}
  local function entry(name, i)
    local e = #keys + 1
    lowered[e], itemOf[e] = Text.Lower(name), i
    keys[e] = string.format("%06d%s\1%07d", Text.Length(name), name, e)
  end
  for i = 1, #items do
    entry(items[i][3] or "", i)
    if type(items[i][8]) == "string" then entry(items[i][8], i) end
  end
  table.sort(keys)
  -- exact: lower-cased name → its item position, or a list of them when several share it.
  local order, parts, starts, exact = {}, {}, {}, {}
  local at = 1
  for k = 1, #keys do
    local e = tonumber(keys[k]:sub(-7))
    local i = itemOf[e]
    order[k] = i
    local lower = lowered[e]
    parts[2 * k - 1], parts[2 * k] = "\n", lower
    starts[k] = at + 1
    at = at + 1 + #lower
    local same = exact[lower]
    if same == nil then
      exact[lower] = i
    elseif type(same) == "number" then
      exact[lower] = { same, i }
    else
      same[#same + 1] = i
    end
  end
  prepared = { index = index, order = order, starts = starts, exact = exact, haystack = table.concat(parts) }
  return prepared
end

-- Builds what the substring search needs (a few ms on 10,000 names).
function Search.Prepare()
  return names() ~= nil
end

-- The typo fallback's inverted index: trigram → item positions. Built a slice
-- at a time from the job queue; finished at once if a search needs it first.
local function buildTrigrams(p, upTo)
  local items = p.index.items
  local t = p.trigrams
  if not t then
    t = { postings = {}, next = 1 }
    p.trigrams = t
  end
  local postings = t.postings
  local last = math.min(upTo, #items)
  for i = t.next, last do
    local seen = {}
    for field = 3, 8, 5 do
      local name = items[i][field]
      for _, trigram in ipairs(type(name) == "string" and Trigram.Sequence(name) or {}) do
        if not seen[trigram] then
          seen[trigram] = true
          local list = postings[trigram]
          if list then list[#list + 1] = i else postings[trigram] = { i } end
        end
      end
    end
  end
  t.next = last + 1
  return t.next > #items
end

function Search.PrepareInBackground()
  local p = names()
  if not p or (p.trigrams and p.trigrams.next > #p.index.items) then return end
  ns.Queue("search-trigrams", function()
    local current = names()
    if not current then return true end
    local t = current.trigrams
    return buildTrigrams(current, (t and t.next or 1) + 19)
  end, true)
end

local function trigramIndex(p)
  if not p.trigrams or p.trigrams.next <= #p.index.items then
    buildTrigrams(p, #p.index.items)
    ns.Cancel("search-trigrams")
  end
  return p.trigrams.postings
end

-- Largest k with starts[k] <= at.
local function nameAt(starts, at)
  local lo, hi = 1, #starts
  while lo < hi do
    local mid = floor((lo + hi + 1) / 2)
    if starts[mid] <= at then lo = mid else hi = mid - 1 end
  end
  return lo
end

local function bySubstring(p, text, limit)
  local needle = Text.Lower(text):gsub("\n", " ")
  local found, seen = {}, {}
  local exact = p.exact[needle]
  if type(exact) == "number" then exact = { exact } end
  for _, i in ipairs(exact or {}) do
    if #found < limit then
      found[#found + 1] = i
      seen[i] = true
    end
  end
  local haystack, starts, order = p.haystack, p.starts, p.order
  local from = 1
  while #found < limit do
    local at = find(haystack, needle, from, true)
    if not at then break end
    local k = nameAt(starts, at)
    local i = order[k]
    if not seen[i] then
      found[#found + 1] = i
      seen[i] = true
    end
    from = starts[k + 1] or #haystack + 1
  end
  return found
end

local function bySimilarity(p, text, limit)
  local query = Trigram.Sequence(text)
  if #query == 0 then return {} end
  local postings = trigramIndex(p)
  local unique, distinct = {}, 0
  for _, trigram in ipairs(query) do
    if not unique[trigram] then
      unique[trigram] = true
      distinct = distinct + 1
    end
  end
  -- A name scores at most (shared trigrams) / (query trigrams): skip those that cannot reach the threshold.
  local shared = {}
  for trigram in pairs(unique) do
    for _, i in ipairs(postings[trigram] or {}) do shared[i] = (shared[i] or 0) + 1 end
  end
  local needed = distinct * 0.6 - 1e-6
  local items = p.index.items
  local scored = {}
  for i, count in pairs(shared) do
    if count >= needed then
      -- As the server's UNION of names: the better of the name and the other name counts.
      local name = items[i][3] or ""
      local score = Trigram.WordSimilarity(query, name)
      local alias = items[i][8]
      if type(alias) == "string" then
        local aliasScore = Trigram.WordSimilarity(query, alias)
        if aliasScore > score then score, name = aliasScore, alias end
      end
      if score >= Trigram.THRESHOLD then scored[#scored + 1] = { i = i, score = score, name = name } end
    end
  end
  table.sort(scored, function(a, b)
    if a.score ~= b.score then return a.score > b.score end
    if a.name ~= b.name then return a.name < b.name end
    return a.i < b.i
  end)
  local found = {}
  for k = 1, math.min(limit, #scored) do found[k] = scored[k].i end
  return found, scored
end

local function looksLikeLink(text)
  return text:find("|Hitem:", 1, true) or text:find("|Hbattlepet:", 1, true) or text:find("|Hkeystone:", 1, true)
    or text:find("%f[%a]item:%-?%d") or text:find("%f[%a]battlepet:%-?%d") or text:find("%f[%a]keystone:%-?%d")
end

-- → list of { itemId, speciesId (nil: every species), match, name?, score? }
function Search.Candidates(text, limit)
  limit = limit or Search.LIMIT
  text = Text.Trim(text or "")
  if text:match("^%d+$") then
    local parsed = ns.Items.Parse(tonumber(text))
    if not parsed then return {} end
    return { { itemId = parsed.itemId, speciesId = parsed.speciesId, match = "id" } }
  end
  if looksLikeLink(text) then
    local parsed = ns.Items.Parse(text)
    if parsed then
      return { { itemId = parsed.itemId, speciesId = parsed.speciesId, match = "link", name = text:match("|h%[(.-)%]|h") } }
    end
  end
  if text == "" then return {} end
  local p = names()
  if not p then return {} end
  local items = p.index.items
  local list, match = bySubstring(p, text, limit), "name"
  local scores
  if #list == 0 then
    list, scores = bySimilarity(p, text, limit)
    match = "similar"
  end
  local candidates = {}
  for k, i in ipairs(list) do
    candidates[k] = { itemId = items[i][1], speciesId = items[i][2], match = match, name = items[i][3] }
    if scores then candidates[k].score = scores[k].score end
  end
  return candidates
end

-- The whole answer: per item its total, its biggest places (20 when one item
-- matches, 10 each when several) and how many places were left out.
function Search.Run(text, limit)
  local candidates = Search.Candidates(text, limit)
  local perItem = #candidates > 1 and Search.PLACES_EACH_ITEM or Search.PLACES_ONE_ITEM
  local hits = {}
  for _, c in ipairs(candidates) do
    local holding = Index.Holding(c.itemId, c.speciesId)
    local hit = {
      itemId = c.itemId,
      petSpeciesId = c.speciesId,
      name = holding.name or c.name,
      quality = holding.quality,
      total = holding.total,
      placeCount = holding.placeCount,
      match = c.match,
      score = c.score,
      places = {},
    }
    for k = 1, math.min(perItem, #holding.places) do
      local place = holding.places[k]
      hit.places[k] = {
        owner = place.owner,
        location = place.location,
        container = place.container,
        place = Index.PlaceLabel(place.location, place.container, place.name),
        count = place.count,
      }
    end
    hit.morePlaces = hit.placeCount - #hit.places
    if #hit.places > 0 or c.match == "id" or c.match == "link" then hits[#hits + 1] = hit end
  end
  return { query = Text.Trim(text or ""), hits = hits }
end
