local addonName, ns = ...

-- Cage jobs in the pet journal: when the card shows a pet of a species a cage
-- job of this character wants caged, a gold line says so and a "Cage (Holocron)"
-- button cages that very pet — the one the player picked, never one the addon
-- chooses — and only from the button's click. C_PetJournal.CagePetByID is not in
-- the generated API docs (12.x); Blizzard calls it from its "Put in cage" popup's
-- accept button, so it is treated as needing the player's click. A pet in a
-- battle slot, a favourite, an untradable pet or the species' last pet is refused.
local Cage = {}
ns.Cage = Cage

local Jobs = ns.Jobs
local button, label
local pending -- the last cage asked for, undone by PET_JOURNAL_CAGE_FAILED: { jobId, key }

-- The open cage job that still wants a species caged: job, count (or nil).
function Cage.JobFor(speciesId)
  if not speciesId then return nil end
  for _, job in ipairs(Jobs.Open("cage")) do
    for _, item in ipairs(Jobs.Remaining(job)) do
      if item[2] == speciesId then return job, item[3] end
    end
  end
  return nil
end

-- Whether this pet may be caged for a job. → job | nil, reason
function Cage.Check(petId)
  if not petId then return nil, "pick a pet in the list first" end
  local speciesId = C_PetJournal.GetPetInfoByPetID(petId)
  local job = Cage.JobFor(speciesId)
  if not job then return nil, "no cage job wants this species" end
  if not C_PetJournal.PetIsTradable(petId) then return nil, "this pet cannot be caged" end
  if C_PetJournal.PetIsSlotted(petId) then return nil, "this pet is in a battle slot" end
  if C_PetJournal.PetIsFavorite(petId) then return nil, "this pet is a favourite" end
  if (C_PetJournal.GetNumCollectedInfo(speciesId) or 0) <= 1 then return nil, "the journal keeps one of each species" end
  return job
end

-- The button's click (the player's hardware event). → true, message | false, reason
function Cage.CageShown(card)
  card = card or PetJournalPetCard
  local petId = card and card.petID
  local job, reason = Cage.Check(petId)
  if not job then return false, reason end
  local speciesId = C_PetJournal.GetPetInfoByPetID(petId)
  local k = Jobs.Key(ns.PET_CAGE, speciesId)
  pending = { jobId = job.id, key = k }
  C_PetJournal.CagePetByID(petId)
  Jobs.RecordSent(job.id, { [k] = 1 })
  return true, string.format("caged for job %d", job.id)
end

-- After the journal's own card update: our line and button for the pet shown.
function Cage.Update(card)
  card = card or PetJournalPetCard
  if not card or not button then return end
  local speciesId = card.petID and C_PetJournal.GetPetInfoByPetID(card.petID) or card.speciesID
  local job, count = Cage.JobFor(speciesId)
  if not job then
    label:SetText("")
    button:Hide()
    return
  end
  label:SetText(string.format("Holocron job %d: cage %d of this species", job.id, count))
  button:SetShown(card.petID ~= nil)
end

local function create(card)
  local holder = CreateFrame("Frame", nil, card)
  holder:SetAllPoints(card)
  label = holder:CreateFontString(nil, "OVERLAY", "GameFontNormalSmall")
  label:SetPoint("TOPLEFT", holder, "TOPLEFT", 10, -8)
  label:SetTextColor(1, 0.82, 0)
  button = CreateFrame("Button", nil, holder, "UIPanelButtonTemplate")
  button:SetSize(140, 22)
  button:SetPoint("TOPRIGHT", holder, "TOPRIGHT", -8, -8)
  button:SetText("Cage (Holocron)")
  button:SetScript("OnClick", function()
    local ok, message = Cage.CageShown(card)
    ns.Print(ok and message or ("|cffff6060" .. message .. "|r"))
    Cage.Update(card)
  end)
  Cage.button, Cage.label = button, label
end

local hooked = false
local function hook()
  if hooked or not PetJournal_UpdatePetCard or not PetJournalPetCard then return end
  hooked = true
  create(PetJournalPetCard)
  hooksecurefunc("PetJournal_UpdatePetCard", Cage.Update)
end

function Cage.Install()
  if C_AddOns.IsAddOnLoaded("Blizzard_Collections") then hook() end
  ns.On("ADDON_LOADED", function(_, name)
    if name == "Blizzard_Collections" then hook() end
  end)
  ns.On("PET_JOURNAL_CAGE_FAILED", function()
    if pending then Jobs.RecordSent(pending.jobId, { [pending.key] = -1 }) end
    pending = nil
  end)
end
