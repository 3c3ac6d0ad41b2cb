-- lua5.1 test/lua/tooltip.lua <dataDir> <item> [--realm-id N] [--player Name-Realm] [--time T]
-- Loads the addon with the courier files in dataDir and prints the lines it
-- adds to the tooltip of an item (an id, an item link or item string, or a
-- battle pet as "battlepet:species:level:breedQuality"), one per line.
dofile((arg[0]:match("^(.*)/[^/]*$") or ".") .. "/boot.lua")
local H = require("harness")
local cli = require("cli")

local options, words = cli.parse(arg)
local item = table.concat(words, " ")
if not options.dataDir or item == "" then
  io.stderr:write("usage: lua5.1 test/lua/tooltip.lua <dataDir> <item> [--realm-id N] [--player Name-Realm] [--time T]\n")
  os.exit(64)
end
H.load({ dataDir = options.dataDir, scenario = cli.scenario(options) })
H.login()
H.W.runFrames()
local lines
local species, level, quality = item:match("^battlepet:(%d+):?(%d*):?(%d*)")
if species then
  BattlePetToolTip_Show(tonumber(species), tonumber(level) or 25, tonumber(quality) or 3, 0, 0, 0)
  lines = H.W.tooltipLines(BattlePetTooltip)
else
  lines = H.W.showItemTooltip(tonumber(item) or item)
end
for _, line in ipairs(lines) do io.write(line.text, "\n") end
