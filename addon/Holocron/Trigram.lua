local addonName, ns = ...

-- PostgreSQL pg_trgm's word_similarity(query, text), as contrib/pg_trgm/trgm_op.c
-- computes it (calc_word_similarity, iterate_word_similarity): words are runs of
-- letters and digits, lower-cased, padded with two spaces in front and one behind,
-- cut into three-character trigrams; the score is the best
-- count / (query trigrams + extent trigrams − count) over extents of the text's
-- trigram sequence found by pg_trgm's greedy search, in single precision.
--
-- Which characters are letters depends on the database's LC_CTYPE: with "C"
-- (holocron's embedded server) only ASCII letters and digits, with a UTF-8
-- locale every Unicode letter. The index file says which (index.trigramWords =
-- "unicode"); Trigram.unicodeWords follows it, ASCII by default.
local Trigram = {}
ns.Trigram = Trigram
Trigram.unicodeWords = false

local Text = ns.Text
local frexp, ldexp, floor = math.frexp, math.ldexp, math.floor

-- Rounds to the nearest float4 (ties to even), as C stores a float.
local function float4(x)
  if x == 0 then return 0 end
  local m, e = frexp(x)
  local scaled = m * 16777216
  local r = floor(scaled + 0.5)
  if r - scaled == 0.5 and r % 2 == 1 then r = r - 1 end
  return ldexp(r, e - 24)
end
Trigram.float4 = float4

-- pg_trgm.word_similarity_threshold's default, 0.6f, as the double it is stored in.
Trigram.THRESHOLD = float4(0.6)

-- The trigrams of a string in order, with repeats (generate_trgm_only).
function Trigram.Sequence(s, into)
  into = into or {}
  local chars = {}
  Text.EachWord(s, function(word)
    for i = #chars, 1, -1 do chars[i] = nil end
    chars[1], chars[2] = " ", " "
    Text.Chars(word, chars)
    chars[#chars + 1] = " "
    for i = 1, #chars - 2 do into[#into + 1] = chars[i] .. chars[i + 1] .. chars[i + 2] end
  end, Trigram.unicodeWords)
  return into
end

local function similarity(count, len1, len2)
  return float4(count / (len1 + len2 - count))
end

-- iterate_word_similarity without flags (plain word similarity, full search).
local function iterate(positions, found, ulen1, len2, len)
  local lastpos = {}
  for i = 1, len do lastpos[i] = -1 end
  local ulen2, count, lower = 0, 0, -1
  local upper
  local best = 0
  for i = 0, len2 - 1 do
    local trg = positions[i]
    if lower >= 0 or found[trg] then
      if lastpos[trg] < 0 then
        ulen2 = ulen2 + 1
        if found[trg] then count = count + 1 end
      end
      lastpos[trg] = i
    end
    if found[trg] then
      upper = i
      if lower == -1 then
        lower = i
        ulen2 = 1
      end
      local current = similarity(count, ulen1, ulen2)
      local tmpCount, tmpUlen2, prevLower = count, ulen2, lower
      for tmpLower = lower, upper do
        local tmp = similarity(tmpCount, ulen1, tmpUlen2)
        if tmp > current then
          current, ulen2, lower, count = tmp, tmpUlen2, tmpLower, tmpCount
        end
        local t = positions[tmpLower]
        if lastpos[t] == tmpLower then
          tmpUlen2 = tmpUlen2 - 1
          if found[t] then tmpCount = tmpCount - 1 end
        end
      end
      if current > best then best = current end
      for tmpLower = prevLower, lower - 1 do
        local t = positions[tmpLower]
        if lastpos[t] == tmpLower then lastpos[t] = -1 end
      end
    end
  end
  return best
end

-- queryTrigrams: Trigram.Sequence(query), reusable across texts.
function Trigram.WordSimilarity(queryTrigrams, text)
  local ids, found, n, ulen1 = {}, {}, 0, 0
  for i = 1, #queryTrigrams do
    local t = queryTrigrams[i]
    if not ids[t] then
      n = n + 1
      ids[t] = n
      found[n] = true
      ulen1 = ulen1 + 1
    end
  end
  local seq = Trigram.Sequence(text)
  local positions = {}
  for i = 1, #seq do
    local t = seq[i]
    local id = ids[t]
    if not id then
      n = n + 1
      id = n
      ids[t] = n
    end
    positions[i - 1] = id
  end
  return iterate(positions, found, ulen1, #seq, n)
end

function Trigram.Score(query, text)
  return Trigram.WordSimilarity(Trigram.Sequence(query), text)
end
