-- lua5.1 test/lua/search.lua <dataDir> <text…> [--realm-id N] [--player Name-Realm] [--time T]
-- Loads the addon with the courier files in dataDir (a missing one is the
-- shipped placeholder) and prints what /holo lists for the text: one JSON
-- object a line per item, as HolocronAPI.Search returns it (itemId,
-- petSpeciesId, name, quality, total, placeCount, morePlaces, match, score,
-- places = [{ owner, location, container, place, count }]). No line: nothing found.
dofile((arg[0]:match("^(.*)/[^/]*$") or ".") .. "/boot.lua")
local H = require("harness")
local cli = require("cli")

local options, words = cli.parse(arg)
if not options.dataDir or #words == 0 then
  io.stderr:write("usage: lua5.1 test/lua/search.lua <dataDir> <text…> [--realm-id N] [--player Name-Realm] [--time T]\n")
  os.exit(64)
end
H.load({ dataDir = options.dataDir, scenario = cli.scenario(options) })
H.login()
H.W.runFrames()
local result = HolocronAPI.Search(table.concat(words, " "))
for _, hit in ipairs(result and result.hits or {}) do H.print(hit) end
