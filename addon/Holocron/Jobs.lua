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

-- How many of an item the player still holds for a job to act on, or nil when
-- that is not the addon's to judge (mail: the mailbox says what is missing). A
-- sold, listed or caged item is gone from here, so its row hides at once; the
-- server closes the job on the next ingest.
local function held(job, itemId, speciesId)
  if job.kind == "cage" then
    local owned = C_PetJournal.GetNumCollectedInfo(speciesId)
    return owned and math.max(0, owned - 1) -- the journal keeps one of the species
  end
  if (job.kind == "sell" or job.kind == "vendor") and itemId ~= ns.PET_CAGE then
    -- Bags, bank and reagent bank (the client counts them away from the banker too); the warband bank when the job takes from it.
    return C_Item.GetItemCount(itemId, true, false, true, job.source ~= nil)
  end
  return nil
end

-- A job's items still to move: { { itemId, speciesId, count } }.
function Jobs.Remaining(job)
  local sent = sentTable()[job.id] or {}
  local left = {}
  for _, item in ipairs(job.items or {}) do
    local count = item[3] - (sent[key(item[1], item[2])] or 0)
    local have = count > 0 and held(job, item[1], item[2])
    if have and have < count then count = have end
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

-- "itemId:speciesId" → true for every item an open job of the player wants
-- moved, of the kinds given ({ mail = true, sell = true, … }).
function Jobs.WantedKeys(kinds)
  local wanted = {}
  for _, job in ipairs(Jobs.Open()) do
    if kinds[job.kind] then
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
