local addonName, ns = ...

-- `/holo jobs`: this character's open jobs as lines of the search window, with
-- what is left of each and where to do it. A row whose items are gone (mailed,
-- listed, sold, caged) is not shown: Jobs.Remaining leaves them out, and the
-- server closes the job on the next ingest.
local JobList = {}
ns.JobList = JobList

local WHERE = {
  mail = "at a mailbox: the Holocron button fills the mail",
  sell = "at the auction house: post the gold items (by hand or with TSM)",
  vendor = "at a merchant: the Sell button sells the gold items",
  cage = "in the pet journal: pick a pet of the species (not one of a team), click Cage (Holocron)",
  withdraw = "at a bank: take the items from the warband bank",
}

-- The index's name; a pet still in the journal (a cage job's) is in no inventory: the journal names it.
local function nameOf(itemId, speciesId)
  local row = ns.Index.Rows(itemId, speciesId)[1]
  if row then return row[3] end
  local species = speciesId and speciesId > 0 and C_PetJournal.GetPetInfoBySpeciesID(speciesId)
  return species or ("item " .. itemId)
end

-- { { text, itemId?, speciesId? } } as SearchFrame.Lines gives them.
function JobList.Lines()
  local out = {}
  for _, job in ipairs(ns.Jobs.Open()) do
    local head = string.format("Job %d: %s", job.id, job.kind)
    if job.to then head = head .. " to " .. job.to end
    if job.source then head = head .. " (from the " .. job.source .. ")" end
    out[#out + 1] = { text = head .. " — " .. (WHERE[job.kind] or "") }
    for _, item in ipairs(ns.Jobs.Remaining(job)) do
      out[#out + 1] = {
        text = string.format("    %s × %s", nameOf(item[1], item[2]), ns.Text.Number(item[3])),
        itemId = item[1],
        speciesId = item[2],
      }
    end
  end
  return out
end

function JobList.Count()
  return #ns.Jobs.Open()
end
