-- lua5.1 test/lua/cases/trigram.lua <pairs.lua> [unicode]
-- pairs.lua returns { { query, text }, … }; prints a JSON array of
-- { score, similar } per pair: word_similarity(query, text) as the addon
-- computes it, and whether it reaches pg_trgm's threshold (query <% text).
-- "unicode": letters beyond ASCII are word characters (a UTF-8 LC_CTYPE).
dofile((arg[0]:match("^(.*)/[^/]*$") or ".") .. "/../boot.lua")
local H = require("harness")
local ns = H.load({})
local Trigram = ns.Trigram
Trigram.unicodeWords = arg[2] == "unicode"
local out = {}
for i, pair in ipairs(dofile(arg[1])) do
  local score = Trigram.Score(pair[1], pair[2])
  out[i] = { score = score, similar = score >= Trigram.THRESHOLD }
end
H.print(out)
