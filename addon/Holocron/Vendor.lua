local addonName, ns = ...

-- At a merchant: the bag items of this character's vendor jobs glow gold (see
-- Highlight.lua) and a "Sell N junk items (x)" button sells them. Selling only
-- starts from the player's click; the first stack is sold inside the click, the
-- rest one stack per frame (never a burst in one frame). A click sells at most
-- BUYBACK stacks: the merchant's buyback tab keeps only the last 12 sales, so
-- everything one click sold can still be bought back; the next click sells the
-- next batch. Only whole stacks no bigger than what a job still wants are sold —
-- a stack the keep rules split is left for the player.
local Vendor = {}
ns.Vendor = Vendor

local Jobs = ns.Jobs
local BAGS = { 0, 1, 2, 3, 4, 5 }
Vendor.BUYBACK = BUYBACK_ITEMS_PER_PAGE or 12

local open = false
local selling -- the batch being sold: { list, at, moved = { jobId → { key → count } } }
local button, ticker

-- What a stack brings at the vendor (0 while the client has not cached the item).
local function valueOf(itemId, count)
  local price = select(11, C_Item.GetItemInfo(itemId))
  return (price or 0) * count
end

-- Per key, the vendor jobs that still want it: { { jobId, left } } in the file's order.
local function wants()
  local out = {}
  for _, job in ipairs(Jobs.Open("vendor")) do
    for _, item in ipairs(Jobs.Remaining(job)) do
      local k = Jobs.Key(item[1], item[2])
      out[k] = out[k] or {}
      table.insert(out[k], { jobId = job.id, left = item[3] })
    end
  end
  return out
end

-- Takes count from the jobs wanting a key; → { jobId → count }, or nil when they want fewer.
local function claim(list, count)
  local total = 0
  for _, w in ipairs(list) do total = total + w.left end
  if total < count then return nil end
  local shares = {}
  for _, w in ipairs(list) do
    local take = math.min(w.left, count)
    if take > 0 then
      shares[w.jobId] = take
      w.left, count = w.left - take, count - take
    end
  end
  return shares
end

-- The stacks to sell, in bag order: { { bag, slot, itemId, count, key, value, shares } }.
function Vendor.Plan()
  local need, plan = wants(), {}
  for _, bag in ipairs(BAGS) do
    for slot = 1, C_Container.GetContainerNumSlots(bag) or 0 do
      local info = C_Container.GetContainerItemInfo(bag, slot)
      local k = info and not info.isLocked and not info.hasNoValue and Jobs.KeyOf(info.itemID, info.hyperlink)
      local shares = k and need[k] and claim(need[k], info.stackCount or 1)
      if shares then
        local count = info.stackCount or 1
        plan[#plan + 1] = { bag = bag, slot = slot, itemId = info.itemID, count = count, key = k,
          value = valueOf(info.itemID, count), shares = shares }
      end
    end
  end
  return plan
end

-- The next click's batch and what it brings.
function Vendor.NextBatch()
  local plan, batch, value = Vendor.Plan(), {}, 0
  for i = 1, math.min(#plan, Vendor.BUYBACK) do
    batch[i] = plan[i]
    value = value + plan[i].value
  end
  return batch, value, #plan
end

local function finish(reason)
  local batch = selling
  selling = nil
  if ticker then ticker:Hide() end
  if not batch then return end
  for jobId, moved in pairs(batch.moved) do Jobs.RecordSent(jobId, moved) end
  ns.Print(string.format("sold %d of %d stacks%s", batch.sold, #batch.list, reason and (": " .. reason) or ""))
  Vendor.Refresh()
end

-- Sells the batch's next stack if it is still where the plan found it. → false when the batch is over.
local function sellNext()
  if not selling then return false end
  if not open then
    finish("the merchant closed")
    return false
  end
  -- Container actions may be restricted in combat (12.x): stop, the next click sells the rest.
  if InCombatLockdown() then
    finish("combat started")
    return false
  end
  selling.at = selling.at + 1
  local s = selling.list[selling.at]
  if not s then
    finish()
    return false
  end
  local info = C_Container.GetContainerItemInfo(s.bag, s.slot)
  if info and info.itemID == s.itemId and (info.stackCount or 1) == s.count and not info.isLocked then
    C_Container.UseContainerItem(s.bag, s.slot)
    selling.sold = selling.sold + 1
    for jobId, count in pairs(s.shares) do
      local moved = selling.moved[jobId] or {}
      selling.moved[jobId] = moved
      moved[s.key] = (moved[s.key] or 0) + count
    end
  end
  if selling.at >= #selling.list then
    finish()
    return false
  end
  return true
end

-- The button's click (the player's hardware event). → true, message | false, reason
function Vendor.SellBatch()
  if not open then return false, "talk to a merchant first" end
  if selling then return false, "still selling the last batch" end
  local batch, value = Vendor.NextBatch()
  if #batch == 0 then return false, "nothing in your bags for the vendor jobs" end
  selling = { list = batch, at = 0, sold = 0, moved = {} }
  if sellNext() then ticker:Show() end
  return true, string.format("selling %d stacks for %s", #batch, ns.Text.Money(value))
end

function Vendor.Refresh()
  if not button then return end
  local batch, value, total = Vendor.NextBatch()
  if not open or #batch == 0 then
    button:Hide()
    return
  end
  local text = string.format("Sell %d junk %s (%s)", #batch, #batch == 1 and "item" or "items", ns.Text.Money(value))
  if total > #batch then text = text .. string.format(", %d more after", total - #batch) end
  button:SetText(text)
  button:Show()
end

local function create()
  button = CreateFrame("Button", nil, MerchantFrame, "UIPanelButtonTemplate")
  button:SetSize(260, 22)
  button:SetPoint("TOPLEFT", MerchantFrame, "TOPRIGHT", 4, -40)
  button:SetScript("OnClick", function()
    local ok, message = Vendor.SellBatch()
    ns.Print(ok and message or ("|cffff6060" .. message .. "|r"))
  end)
  button:SetScript("OnEnter", function(self)
    GameTooltip:SetOwner(self, "ANCHOR_RIGHT")
    GameTooltip:SetText("Holocron vendor jobs")
    GameTooltip:AddLine(string.format("At most %d stacks a click: the merchant's buyback tab keeps only the last %d sales,"
      .. " so a click can always be bought back. Click again for the next batch.", Vendor.BUYBACK, Vendor.BUYBACK), 1, 1, 1, true)
    GameTooltip:Show()
  end)
  button:SetScript("OnLeave", function() GameTooltip:Hide() end)
  ticker = CreateFrame("Frame")
  ticker:Hide()
  ticker:SetScript("OnUpdate", function(self)
    if not sellNext() then self:Hide() end
  end)
  Vendor.button = button
end

function Vendor.Install()
  ns.On("MERCHANT_SHOW", function()
    open = true
    if not button then create() end
    ns.Highlight.SetPlace("merchant", true)
    Vendor.Refresh()
  end)
  ns.On("MERCHANT_CLOSED", function()
    open = false
    if selling then finish("the merchant closed") end
    ns.Highlight.SetPlace("merchant", false)
    Vendor.Refresh()
  end)
  ns.On("BAG_UPDATE_DELAYED", function()
    if open and not selling then Vendor.Refresh() end
  end)
end
