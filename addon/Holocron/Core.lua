local addonName, ns = ...

-- The private table every file of the addon shares: modules hang off it, data
-- files assign ns.pricing / ns.index / ns.petNeeds. Nothing here is global.
ns.name = addonName
ns.VERSION = C_AddOns.GetAddOnMetadata(addonName, "Version") or "0"
ns.PET_CAGE = 82800

-- Events: one frame, handlers per event, registered on first use.
local handlers = {}
local eventFrame = CreateFrame("Frame")

eventFrame:SetScript("OnEvent", function(_, event, ...)
  local list = handlers[event]
  if not list then return end
  for i = 1, #list do list[i](event, ...) end
end)

function ns.On(event, handler)
  local list = handlers[event]
  if not list then
    list = {}
    handlers[event] = list
    eventFrame:RegisterEvent(event)
  end
  list[#list + 1] = handler
end

function ns.Print(text)
  DEFAULT_CHAT_FRAME:AddMessage("|cff33bbffHolocron|r: " .. text)
end

-- Work that must not stall a frame runs here: a FIFO of named jobs, each a
-- step function called until it returns true, for at most BUDGET_MS per frame.
-- A job's first step (its cost unknown) only opens a frame; later steps run
-- while the job's slowest step so far still fits. In combat only jobs queued as
-- `anytime` (pure Lua work, no reads of the game) run: the collector reads
-- nothing then.
ns.BUDGET_MS = 1
local queue = {}
local runner = CreateFrame("Frame")
runner:Hide()

local function remove(job)
  for i = 1, #queue do
    if queue[i] == job then
      table.remove(queue, i)
      return
    end
  end
end

local function nextJob(inCombat)
  for i = 1, #queue do
    if not inCombat or queue[i].anytime then return queue[i] end
  end
  return nil
end

local function runQueue()
  local inCombat = InCombatLockdown()
  local started = debugprofilestop()
  local opening = true
  local job = nextJob(inCombat)
  while job do
    if not opening and (not job.slowest or debugprofilestop() - started + job.slowest > ns.BUDGET_MS) then break end
    opening = false
    local before = debugprofilestop()
    local done = job.step()
    local cost = debugprofilestop() - before
    if not job.slowest or cost > job.slowest then job.slowest = cost end
    if done then remove(job) end
    job = nextJob(inCombat)
  end
  if not queue[1] then runner:Hide() end
end
runner:SetScript("OnUpdate", runQueue)

-- Queues a job; a job of the same name still waiting is replaced (a rescan
-- requested twice runs once, from the start). anytime: may run in combat.
function ns.Queue(name, step, anytime)
  for i = 1, #queue do
    if queue[i].name == name then
      queue[i].step = step
      return
    end
  end
  queue[#queue + 1] = { name = name, step = step, anytime = anytime }
  runner:Show()
end

function ns.Cancel(name)
  for i = #queue, 1, -1 do
    if queue[i].name == name then table.remove(queue, i) end
  end
end

function ns.IsQueued(name)
  for i = 1, #queue do
    if queue[i].name == name then return true end
  end
  return false
end

-- Runs every waiting job to its end now: only at logout, when no frame follows.
function ns.FlushQueue()
  while queue[1] do
    local job = queue[1]
    if job.step() then remove(job) end
  end
  runner:Hide()
end

-- Turns a list of work items into a step function doing one item per call.
function ns.Stepper(count, each, finish)
  local i = 0
  return function()
    i = i + 1
    if i <= count then each(i) end
    if i >= count then
      if finish then finish() end
      return true
    end
    return false
  end
end
