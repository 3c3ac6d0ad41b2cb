local addonName, ns = ...

-- Bag slots holding what this character's open jobs want moved glow gold — mail
-- jobs always, sell jobs while the auction house is open (the player posts them,
-- by hand or with TSM: we only mark them), vendor jobs at a merchant: in the
-- default bags through overlays of our own on the item buttons (kept in a table
-- here; nothing is written onto Blizzard's buttons), and in Baganator through its
-- corner-widget API.
local Highlight = {}
ns.Highlight = Highlight

local GOLD = { 1, 0.82, 0, 0.35 }
local overlays = setmetatable({}, { __mode = "k" })
local wanted = {}
-- Where the player stands: which kinds of job the bags show.
local at = { auction = false, merchant = false }

local function overlay(button)
  local frame = overlays[button]
  if not frame then
    frame = CreateFrame("Frame", nil, button)
    frame:SetAllPoints(button)
    local texture = frame:CreateTexture(nil, "OVERLAY")
    texture:SetAllPoints(frame)
    texture:SetColorTexture(GOLD[1], GOLD[2], GOLD[3], GOLD[4])
    overlays[button] = frame
  end
  return frame
end

local function slotWanted(bag, slot)
  local info = C_Container.GetContainerItemInfo(bag, slot)
  if not info then return false end
  return wanted[ns.Jobs.KeyOf(info.itemID, info.hyperlink)] == true
end

function Highlight.RefreshBags()
  for _, frame in ContainerFrameUtil_EnumerateContainerFrames() do
    if frame:IsShown() then
      for _, button in frame:EnumerateValidItems() do
        if slotWanted(button:GetBagID(), button:GetID()) then
          overlay(button):Show()
        elseif overlays[button] then
          overlays[button]:Hide()
        end
      end
    end
  end
end

local baganator = false

function Highlight.Refresh()
  wanted = ns.Jobs.WantedKeys({ mail = true, sell = at.auction, vendor = at.merchant })
  Highlight.RefreshBags()
  if baganator then Baganator.API.RequestItemButtonsRefresh() end
end

-- Whether a bag slot's item is highlighted (for the API and tests).
function Highlight.IsWanted(itemId, link)
  return wanted[ns.Jobs.KeyOf(itemId, link)] == true
end

-- "auction" or "merchant" opened (true) or closed.
function Highlight.SetPlace(place, open)
  at[place] = open
  Highlight.Refresh()
end

local function installBaganator()
  if baganator or not (Baganator and Baganator.API and Baganator.API.RegisterCornerWidget) then return end
  baganator = true
  Baganator.API.RegisterCornerWidget("Holocron jobs", "holocron_jobs",
    function(_, details)
      if not details or not details.itemID then return nil end
      return Highlight.IsWanted(details.itemID, details.itemLink)
    end,
    function(itemButton)
      local frame = CreateFrame("Frame", nil, itemButton)
      frame:SetSize(12, 12)
      local texture = frame:CreateTexture(nil, "OVERLAY")
      texture:SetAllPoints(frame)
      texture:SetColorTexture(GOLD[1], GOLD[2], GOLD[3], 0.9)
      return frame
    end,
    { corner = "top_left", priority = 1 })
end

function Highlight.Install()
  installBaganator()
  ns.On("ADDON_LOADED", function(_, name)
    if name == "Baganator" then installBaganator() end
  end)
  for _, event in ipairs({ "ContainerFrame.OpenBag", "ContainerFrame.OpenAllBags" }) do
    EventRegistry:RegisterCallback(event, Highlight.RefreshBags, Highlight)
  end
  ns.On("BAG_UPDATE_DELAYED", function() Highlight.RefreshBags() end)
  ns.On("AUCTION_HOUSE_SHOW", function() Highlight.SetPlace("auction", true) end)
  ns.On("AUCTION_HOUSE_CLOSED", function() Highlight.SetPlace("auction", false) end)
  Highlight.Refresh()
end
