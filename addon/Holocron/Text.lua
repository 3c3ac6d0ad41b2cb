local addonName, ns = ...

-- UTF-8 text as PostgreSQL sees it (the server's search lowercases and splits
-- words with the database's Unicode rules): lower case, letters and digits, and
-- length in characters. The tables cover the scripts of WoW's locales (Latin,
-- Greek, Cyrillic, Armenian, Hebrew, Arabic, Thai, CJK, kana, Hangul); other
-- characters count as neither letters nor cased.
local Text = {}
ns.Text = Text

local byte, char, floor = string.byte, string.char, math.floor

local function decode(s)
  local b1, b2, b3, b4 = byte(s, 1, 4)
  if b1 < 0xE0 then return (b1 - 0xC0) * 64 + ((b2 or 0x80) - 0x80) end
  if b1 < 0xF0 then return (b1 - 0xE0) * 4096 + ((b2 or 0x80) - 0x80) * 64 + ((b3 or 0x80) - 0x80) end
  return (b1 - 0xF0) * 262144 + ((b2 or 0x80) - 0x80) * 4096 + ((b3 or 0x80) - 0x80) * 64 + ((b4 or 0x80) - 0x80)
end

local function encode(cp)
  if cp < 0x80 then return char(cp) end
  if cp < 0x800 then return char(0xC0 + floor(cp / 64), 0x80 + cp % 64) end
  if cp < 0x10000 then
    return char(0xE0 + floor(cp / 4096), 0x80 + floor(cp / 64) % 64, 0x80 + cp % 64)
  end
  return char(0xF0 + floor(cp / 262144), 0x80 + floor(cp / 4096) % 64, 0x80 + floor(cp / 64) % 64, 0x80 + cp % 64)
end

-- Letters beyond ASCII (Unicode Alphabetic), as sorted inclusive ranges.
local LETTERS = {
  0x00AA, 0x00AA, 0x00B5, 0x00B5, 0x00BA, 0x00BA, 0x00C0, 0x00D6, 0x00D8, 0x00F6, 0x00F8, 0x02C1,
  0x02C6, 0x02D1, 0x02E0, 0x02E4, 0x0370, 0x0374, 0x0376, 0x0377, 0x037A, 0x037D, 0x037F, 0x037F,
  0x0386, 0x0386, 0x0388, 0x038A, 0x038C, 0x038C, 0x038E, 0x03A1, 0x03A3, 0x03F5, 0x03F7, 0x0481,
  0x048A, 0x052F, 0x0531, 0x0556, 0x0561, 0x0587, 0x05D0, 0x05EA, 0x0620, 0x064A, 0x0E01, 0x0E30,
  0x1100, 0x11FF, 0x1E00, 0x1F15, 0x1F18, 0x1F1D, 0x1F20, 0x1F45, 0x1F48, 0x1F4D, 0x1F50, 0x1F57,
  0x1F59, 0x1F59, 0x1F5B, 0x1F5B, 0x1F5D, 0x1F5D, 0x1F5F, 0x1F7D, 0x1F80, 0x1FB4, 0x1FB6, 0x1FBC,
  0x3041, 0x3096, 0x309D, 0x309F, 0x30A1, 0x30FA, 0x30FC, 0x30FF, 0x3105, 0x312F, 0x3131, 0x318E,
  0x3400, 0x4DBF, 0x4E00, 0x9FFF, 0xA960, 0xA97C, 0xAC00, 0xD7A3, 0xD7B0, 0xD7C6, 0xD7CB, 0xD7FB,
  0xF900, 0xFAFF, 0xFF21, 0xFF3A, 0xFF41, 0xFF5A, 0xFF66, 0xFFDC,
}

local function isLetter(cp)
  local lo, hi = 1, #LETTERS / 2
  while lo <= hi do
    local mid = floor((lo + hi) / 2)
    if cp < LETTERS[2 * mid - 1] then
      hi = mid - 1
    elseif cp > LETTERS[2 * mid] then
      lo = mid + 1
    else
      return true
    end
  end
  return false
end

-- Simple (one character to one character) lower-case mapping.
local function lowerCodePoint(cp)
  if cp >= 0xC0 and cp <= 0xDE then return cp == 0xD7 and cp or cp + 32 end
  if cp < 0x100 then return cp end
  if cp <= 0x17F then
    if cp == 0x130 then return 0x69 end
    if cp == 0x178 then return 0xFF end
    if (cp < 0x130 or (cp >= 0x132 and cp <= 0x137) or (cp >= 0x14A and cp <= 0x177)) and cp % 2 == 0 then
      return cp + 1
    end
    if ((cp >= 0x139 and cp <= 0x148) or (cp >= 0x179 and cp <= 0x17E)) and cp % 2 == 1 then return cp + 1 end
    return cp
  end
  if cp <= 0x233 then
    if cp >= 0x1CD and cp <= 0x1DC and cp % 2 == 1 then return cp + 1 end
    if ((cp >= 0x1DE and cp <= 0x1EF) or (cp >= 0x1F8 and cp <= 0x233)) and cp % 2 == 0 then return cp + 1 end
    return cp
  end
  if cp >= 0x386 and cp <= 0x3AB then
    if cp == 0x386 then return 0x3AC end
    if cp >= 0x388 and cp <= 0x38A then return cp + 37 end
    if cp == 0x38C then return 0x3CC end
    if cp == 0x38E or cp == 0x38F then return cp + 63 end
    if cp >= 0x391 and cp ~= 0x3A2 then return cp + 32 end
    return cp
  end
  if cp >= 0x3D8 and cp <= 0x3EF then return cp % 2 == 0 and cp + 1 or cp end
  if cp >= 0x400 and cp <= 0x52F then
    if cp <= 0x40F then return cp + 80 end
    if cp <= 0x42F then return cp + 32 end
    if cp == 0x4C0 then return 0x4CF end
    if cp >= 0x4C1 and cp <= 0x4CE then return cp % 2 == 1 and cp + 1 or cp end
    if (cp >= 0x460 and cp <= 0x481) or (cp >= 0x48A and cp <= 0x4BF) or cp >= 0x4D0 then
      return cp % 2 == 0 and cp + 1 or cp
    end
    return cp
  end
  if cp >= 0x531 and cp <= 0x556 then return cp + 48 end
  if cp >= 0x1E00 and cp <= 0x1EFF then
    if cp == 0x1E9E then return 0xDF end
    if (cp <= 0x1E95 or cp >= 0x1EA0) and cp % 2 == 0 then return cp + 1 end
    return cp
  end
  if cp >= 0xFF21 and cp <= 0xFF3A then return cp + 32 end
  return cp
end

-- Per multi-byte character: its lower-case form and whether it is a letter.
local lowerChar = setmetatable({}, { __index = function(cache, s)
  local lowered = encode(lowerCodePoint(decode(s)))
  cache[s] = lowered
  return lowered
end })
local letterChar = setmetatable({}, { __index = function(cache, s)
  local yes = isLetter(decode(s))
  cache[s] = yes
  return yes
end })

local MULTIBYTE = "[\192-\247][\128-\191]*"

function Text.Lower(s)
  s = s:lower()
  if not s:find("[\128-\255]") then return s end
  return (s:gsub(MULTIBYTE, lowerChar))
end

-- Length in characters (PostgreSQL's length()).
function Text.Length(s)
  if not s:find("[\128-\255]") then return #s end
  local _, continuation = s:gsub("[\128-\191]", "")
  return #s - continuation
end

-- Calls fn(word) for each run of letters and digits, lower-cased, as pg_trgm
-- splits text into words. unicode: letters beyond ASCII count (a database whose
-- LC_CTYPE is a UTF-8 locale); otherwise only ASCII letters and digits do, and
-- every other character separates words (LC_CTYPE "C", as holocron's embedded
-- server is made).
function Text.EachWord(s, fn, unicode)
  if not unicode or not s:find("[\128-\255]") then
    for word in s:gmatch("[A-Za-z0-9]+") do fn(word:lower()) end
    return
  end
  local word = {}
  for c in s:gmatch("[%z\1-\127\192-\255][\128-\191]*") do
    local isWord
    if #c == 1 then
      isWord = c:find("^[A-Za-z0-9]$") ~= nil
    else
      isWord = letterChar[c]
    end
    if isWord then
      word[#word + 1] = #c == 1 and c:lower() or lowerChar[c]
    elseif word[1] then
      fn(table.concat(word))
      word = {}
    end
  end
  if word[1] then fn(table.concat(word)) end
end

-- The characters of a string, as a list.
function Text.Chars(s, into)
  into = into or {}
  if not s:find("[\128-\255]") then
    for i = 1, #s do into[#into + 1] = s:sub(i, i) end
  else
    for c in s:gmatch("[%z\1-\127\192-\255][\128-\191]*") do into[#into + 1] = c end
  end
  return into
end

function Text.Trim(s)
  return (s:gsub("^%s+", ""):gsub("%s+$", ""))
end

-- 1234567 → "1,234,567"
function Text.Number(n)
  local s = string.format("%d", floor(n))
  local head, digits = s:match("^(%-?)(%d+)$")
  if not digits then return s end
  digits = digits:reverse():gsub("(%d%d%d)", "%1,"):reverse()
  return head .. digits:gsub("^,", "")
end

-- Copper → "12g 34s 56c" (gold with thousands separators).
function Text.Money(copper)
  copper = floor(copper + 0.5)
  local gold, silver, rest = floor(copper / 10000), floor(copper / 100) % 100, copper % 100
  if gold > 0 then return string.format("%sg %02ds %02dc", Text.Number(gold), silver, rest) end
  if silver > 0 then return string.format("%ds %02dc", silver, rest) end
  return string.format("%dc", rest)
end

-- Seconds → "45 min", "3 h", "2 days"
function Text.Age(seconds)
  if seconds < 3600 then return string.format("%d min", floor(seconds / 60)) end
  if seconds < 172800 then return string.format("%d h", floor(seconds / 3600)) end
  return string.format("%d days", floor(seconds / 86400))
end

Text.QUALITY_NAMES = { [0] = "poor", "common", "uncommon", "rare", "epic", "legendary" }
