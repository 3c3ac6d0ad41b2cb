local addonName, ns = ...

-- The pet journal's species card shows what the account needs of the species
-- ("missing", "you only have it at uncommon", "3 held, 1 needed: 2 to sell").
-- A post-hook on PetJournal_UpdatePetCard (hooksecurefunc does not taint the
-- journal) sets the text of a font string on a frame of our own parented to the
-- card; the card's fields are only read.
local Journal = {}
ns.PetJournal = Journal

local label

local function speciesOf(card)
  if card.petID then return (C_PetJournal.GetPetInfoByPetID(card.petID)) end
  return card.speciesID
end

function Journal.Update(card)
  card = card or PetJournalPetCard
  if not card then return end
  if not label then
    local holder = CreateFrame("Frame", nil, card)
    holder:SetAllPoints(card)
    label = holder:CreateFontString(nil, "OVERLAY", "GameFontNormalSmall")
    label:SetPoint("BOTTOMLEFT", holder, "BOTTOMLEFT", 10, 8)
    label:SetTextColor(1, 0.82, 0)
    Journal.label = label
  end
  label:SetText(ns.PetNeeds.Line(speciesOf(card)) or "")
end

local hooked = false
local function hook()
  if hooked or not PetJournal_UpdatePetCard then return end
  hooked = true
  hooksecurefunc("PetJournal_UpdatePetCard", Journal.Update)
end

function Journal.Install()
  -- Blizzard_Collections loads on demand, usually after us.
  if C_AddOns.IsAddOnLoaded("Blizzard_Collections") then hook() end
  ns.On("ADDON_LOADED", function(_, name)
    if name == "Blizzard_Collections" then hook() end
  end)
end
