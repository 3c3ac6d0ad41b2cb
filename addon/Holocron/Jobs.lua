local addonName, ns = ...

-- This character's logistics jobs (index.jobs), less what it already mailed
-- since the courier wrote them: HolocronDB.jobsSent remembers that across
-- sessions until a newer index file (another generatedAt) replaces the jobs.
local Jobs = {}
ns.Jobs = Jobs

local function key(itemId, speciesId)
  return itemId .. ":" .. (speciesId or 0)
end
Jobs.Key = key

local function sentTable()
  local index = ns.Index.Current()
  if not index or type(HolocronDB) ~= "table" then return {} end
  local sent = HolocronDB.jobsSent
  if type(sent) ~= "table" or sent.generatedAt ~= index.generatedAt then
    sent = { generatedAt = index.generatedAt, jobs = {} }
    HolocronDB.jobsSent = sent
  end
  return sent.jobs
end

-- A job's items still to move: { { itemId, speciesId, count } }.
function Jobs.Remaining(job)
  local sent = sentTable()[job.id] or {}
  local left = {}
  for _, item in ipairs(job.items or {}) do
    local count = item[3] - (sent[key(item[1], item[2])] or 0)
    if count > 0 then left[#left + 1] = { item[1], item[2], count } end
  end
  return left
end

function Jobs.RecordSent(jobId, moved)
  local jobs = sentTable()
  local sent = jobs[jobId] or {}
  jobs[jobId] = sent
  for k, count in pairs(moved) do sent[k] = (sent[k] or 0) + count end
  ns.Highlight.Refresh()
end

-- Open jobs of the player, in the file's order, with something left to move.
function Jobs.Open(kind)
  local open = {}
  for _, job in ipairs(ns.Index.JobsFor()) do
    if (kind == nil or job.kind == kind) and #Jobs.Remaining(job) > 0 then open[#open + 1] = job end
  end
  return open
end

-- "itemId:speciesId" → true for every item an open job of the player wants moved.
function Jobs.WantedKeys()
  local wanted = {}
  for _, job in ipairs(Jobs.Open()) do
    if job.kind == "mail" or job.kind == "sell" then
      for _, item in ipairs(Jobs.Remaining(job)) do wanted[key(item[1], item[2])] = true end
    end
  end
  return wanted
end

-- The key of what a bag slot holds (caged pets by species, from the battlepet link).
function Jobs.KeyOf(itemId, link)
  if not itemId then return nil end
  if itemId == ns.PET_CAGE then
    local species = link and link:match("battlepet:(%d+)")
    return key(itemId, tonumber(species) or 0)
  end
  return key(itemId, 0)
end
