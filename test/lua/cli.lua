-- Arguments of the harness's command-line scripts (search.lua, tooltip.lua).
local cli = {}

function cli.parse(args)
  local options, words = {}, {}
  local i = 1
  while args[i] do
    local a = args[i]
    if a == "--realm-id" then
      options.realmId = tonumber(args[i + 1])
      i = i + 1
    elseif a == "--player" then
      options.player = args[i + 1]
      i = i + 1
    elseif a == "--time" then
      options.time = tonumber(args[i + 1])
      i = i + 1
    elseif not options.dataDir then
      options.dataDir = a
    else
      words[#words + 1] = a
    end
    i = i + 1
  end
  return options, words
end

-- The stub's answers: the player (for jobs and realm prices) and the clock.
function cli.scenario(options)
  local name, realm = (options.player or "Thrall-Stormrage"):match("^([^%-]+)%-(.+)$")
  return {
    time = options.time or os.time(),
    player = { name = name or options.player, realm = realm or "Stormrage", realmId = options.realmId or 0 },
  }
end

return cli
