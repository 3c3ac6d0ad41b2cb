local addonName, ns = ...

-- At a mailbox: a "Holocron: N jobs" button on the Send Mail tab. A click (the
-- player's own hardware event) fills the recipient and subject and attaches the
-- items of this character's next mail job from the bags — whole stacks where they
-- fit, a split stack for the rest, at most ATTACHMENTS_MAX_SEND per mail; what
-- does not fit is the next mail. It never sends: the player clicks Send.
local Mail = {}
ns.Mail = Mail

local Jobs = ns.Jobs
local BAGS = { 0, 1, 2, 3, 4, 5 }

local function maxAttachments()
  return ATTACHMENTS_MAX_SEND or 12
end

-- The mail being filled: its job and what was attached, counted as sent on MAIL_SEND_SUCCESS.
local pending

-- Bag stacks of an item, biggest first (unbound before bound: soulbound items cannot be mailed).
local function stacksOf(itemId, speciesId, used)
  local stacks = {}
  local wanted = Jobs.Key(itemId, speciesId)
  for _, bag in ipairs(BAGS) do
    for slot = 1, C_Container.GetContainerNumSlots(bag) or 0 do
      local info = C_Container.GetContainerItemInfo(bag, slot)
      if info and not info.isLocked and not used[bag * 1000 + slot]
        and Jobs.KeyOf(info.itemID, info.hyperlink) == wanted then
        stacks[#stacks + 1] = { bag = bag, slot = slot, count = info.stackCount or 1, bound = info.isBound and true or false }
      end
    end
  end
  table.sort(stacks, function(a, b)
    if a.bound ~= b.bound then return not a.bound end
    if a.count ~= b.count then return a.count > b.count end
    if a.bag ~= b.bag then return a.bag < b.bag end
    return a.slot < b.slot
  end)
  return stacks
end

-- What one mail of the job takes: { attachments = { { bag, slot, count, split, key } }, short = { key → missing } }.
function Mail.Plan(job)
  local attachments, short, used = {}, {}, {}
  local limit = maxAttachments()
  for _, item in ipairs(Jobs.Remaining(job)) do
    local itemId, speciesId, wanted = item[1], item[2], item[3]
    local k = Jobs.Key(itemId, speciesId)
    for _, stack in ipairs(stacksOf(itemId, speciesId, used)) do
      if wanted <= 0 or #attachments >= limit then break end
      local take = math.min(stack.count, wanted)
      attachments[#attachments + 1] = { bag = stack.bag, slot = stack.slot, count = take, split = take < stack.count, key = k }
      used[stack.bag * 1000 + stack.slot] = true
      wanted = wanted - take
    end
    if wanted > 0 and #attachments < limit then short[k] = wanted end
  end
  return { attachments = attachments, short = short }
end

-- The first open mail job with something in the bags to send.
function Mail.NextJob()
  for _, job in ipairs(Jobs.Open("mail")) do
    if #Mail.Plan(job).attachments > 0 then return job end
  end
  return nil
end

local function hasAttachments()
  for i = 1, maxAttachments() do
    if HasSendMailItem(i) then return true end
  end
  return false
end

-- Fills the Send Mail tab for the next job. → true, message | false, reason
function Mail.FillNext()
  if not SendMailFrame:IsShown() then return false, "open the Send Mail tab first" end
  if hasAttachments() then return false, "the mail already has attachments: remove them first" end
  local job = Mail.NextJob()
  if not job then
    if #Jobs.Open("mail") > 0 then return false, "nothing the mail jobs want is in your bags" end
    return false, "no mail jobs for this character"
  end
  local plan = Mail.Plan(job)
  SendMailNameEditBox:SetText(job.to)
  SendMailSubjectEditBox:SetText(string.format("Holocron job %d", job.id))
  local attached = {}
  for i, a in ipairs(plan.attachments) do
    if a.split then
      C_Container.SplitContainerItem(a.bag, a.slot, a.count)
    else
      C_Container.PickupContainerItem(a.bag, a.slot)
    end
    ClickSendMailItemButton(i)
    attached[a.key] = (attached[a.key] or 0) + a.count
  end
  pending = { jobId = job.id, attached = attached }
  local missing = 0
  for _, count in pairs(plan.short) do missing = missing + count end
  local message = string.format("job %d to %s: %d attachments", job.id, job.to, #plan.attachments)
  if missing > 0 then message = message .. string.format(" (%s items not in your bags)", ns.Text.Number(missing)) end
  return true, message
end

local button

local function refreshButton()
  if not button then return end
  local count = #Jobs.Open("mail")
  if count == 0 then
    button:Hide()
    return
  end
  button:SetText(string.format("Holocron: %d %s", count, count == 1 and "job" or "jobs"))
  button:Show()
end
Mail.Refresh = refreshButton

local function createButton()
  button = CreateFrame("Button", nil, SendMailFrame, "UIPanelButtonTemplate")
  button:SetSize(150, 22)
  button:SetPoint("TOPLEFT", MailFrame, "TOPRIGHT", 4, -40)
  button:SetScript("OnClick", function()
    local ok, message = Mail.FillNext()
    ns.Print(ok and message or ("|cffff6060" .. message .. "|r"))
  end)
  Mail.button = button
end

function Mail.Install()
  ns.On("MAIL_SHOW", function()
    if not button then createButton() end
    refreshButton()
  end)
  ns.On("MAIL_SEND_SUCCESS", function()
    if pending then
      Jobs.RecordSent(pending.jobId, pending.attached)
      pending = nil
      refreshButton()
    end
  end)
  ns.On("MAIL_FAILED", function() pending = nil end)
  ns.On("MAIL_CLOSED", function() pending = nil end)
end
