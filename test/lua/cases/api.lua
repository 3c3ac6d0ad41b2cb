-- lua5.1 test/lua/cases/api.lua <dataDir> <requests.lua> [addonDir]
-- Loads the addon with the data files of dataDir, logs in with the requests
-- file's scenario, runs its ops in order and prints one JSON array of results.
-- Ops: search, window, type, escape, counts, price, marketInfo, tooltip,
-- petTooltip, floatingPet, petNeed, jobs, journal; mail*, openBags, bagUpdate,
-- baganator, jobsSent; auctionShow/Close, merchantShow/Click/Close, frames,
-- combat, actions, cageCard, cageClick, cageUnclicked.
dofile((arg[0]:match("^(.*)/[^/]*$") or ".") .. "/../boot.lua")
local H = require("harness")
local W = H.W

local dataDir, requestsFile, addonDir = arg[1], arg[2], arg[3]
local requests = dofile(requestsFile)
local ns = H.load({ dataDir = dataDir, scenario = requests.scenario, addonDir = addonDir })
H.login()
W.runFrames()

local function lines(tooltip)
  local out = {}
  for i, line in ipairs(W.tooltipLines(tooltip)) do out[i] = { text = line.text, r = line.r, g = line.g, b = line.b } end
  return out
end

local function window()
  local f = ns.SearchFrame
  local rows = {}
  for i, row in ipairs(f.rows) do
    if row:IsShown() then rows[#rows + 1] = row.label:GetText() else rows[i] = nil end
  end
  return { shown = f.frame:IsShown(), status = f.status:GetText(), rows = rows, input = f.input:GetText() }
end

local handlers = {}
function handlers.search(op) return HolocronAPI.Search(op.text) end
function handlers.window(op)
  W.slash("/holo " .. op.text)
  return window()
end
function handlers.type(op)
  W.type(ns.SearchFrame.input, op.text)
  return window()
end
function handlers.scroll(op)
  ns.SearchFrame.Scroll(op.delta)
  return window()
end
function handlers.escape()
  local closed = W.pressEscape()
  return { closed = closed, shown = ns.SearchFrame.frame:IsShown() }
end
function handlers.counts(op) return HolocronAPI.GetCounts(op.item) end
function handlers.price(op) return HolocronAPI.GetPrice(op.item) end
function handlers.marketInfo(op)
  local tbl = op.reuse and { market = -1, region = -1, days = -1, age = -1, stale = true } or nil
  local returned = HolocronAPI.MarketInfo(op.item, tbl)
  return { returned = returned or H.json.null, same = tbl ~= nil and returned == tbl, filled = tbl or H.json.null }
end
function handlers.tooltip(op)
  local tooltip = op.itemRef and ItemRefTooltip or GameTooltip
  local out = {}
  for i, line in ipairs(W.showItemTooltip(op.item, tooltip)) do out[i] = { text = line.text, r = line.r, g = line.g, b = line.b } end
  return out
end
function handlers.petTooltip(op)
  BattlePetToolTip_Show(op.species, op.level or 25, op.breedQuality or 3, 1500, 300, 300, nil)
  return { lines = lines(BattlePetTooltip), height = BattlePetTooltip:GetHeight() }
end
function handlers.floatingPet(op)
  FloatingBattlePet_Show(op.species, op.level or 25, op.breedQuality or 3, 1500, 300, 300, nil, op.petId)
  return { lines = lines(FloatingBattlePetTooltip), height = FloatingBattlePetTooltip:GetHeight() }
end
function handlers.petNeed(op) return { need = HolocronAPI.GetPetNeed(op.species), line = ns.PetNeeds.Line(op.species) } end
function handlers.jobs(op) return HolocronAPI.GetJobs(op.character) end
local card
function handlers.journal(op)
  if not card then card = W.loadCollections() end
  W.Widgets.set(card, "speciesID", op.species)
  W.Widgets.set(card, "petID", op.petId)
  PetJournal_UpdatePetCard(card)
  return { text = ns.PetJournal.label and ns.PetJournal.label:GetText() }
end

-- Bag slots whose item button carries a shown overlay of the addon's ("bag/slot").
local function highlighted()
  local out = {}
  for _, frame in ipairs(W.containerFrames) do
    for _, button in frame:EnumerateValidItems() do
      for _, child in ipairs({ button:GetChildren() }) do
        if child:IsShown() then out[#out + 1] = button:GetBagID() .. "/" .. button:GetID() end
      end
    end
  end
  table.sort(out)
  return out
end

local function mailState()
  local attachments = {}
  for i = 1, 12 do
    local a = W.attachments[i]
    if a then attachments[#attachments + 1] = { index = i, bag = a.bag, slot = a.slot, count = a.count, id = a.id, split = a.split } end
  end
  local button = ns.Mail.button
  local log = W.log
  W.log = {}
  return {
    button = button and { shown = button:IsShown(), visible = button:IsVisible(), text = button:GetText() } or H.json.null,
    to = SendMailNameEditBox:GetText(),
    subject = SendMailSubjectEditBox:GetText(),
    attachments = attachments,
    log = log,
    chat = W.chat[#W.chat] or H.json.null,
    sendMail = W.sendMailCalls,
    highlighted = highlighted(),
  }
end

function handlers.mailShow()
  MailFrame:Show()
  W.fire("MAIL_SHOW")
  return mailState()
end
function handlers.sendTab()
  SendMailFrame:Show()
  return mailState()
end
function handlers.mailClick()
  ns.Mail.button:Click("LeftButton")
  return mailState()
end
function handlers.mailSend()
  W.sendSucceeded()
  return mailState()
end
function handlers.mailClose()
  SendMailFrame:Hide()
  MailFrame:Hide()
  W.fire("MAIL_CLOSED")
  return mailState()
end
function handlers.openBags()
  for _, frame in ipairs(W.containerFrames) do frame:Show() end
  W.triggerRegistry("ContainerFrame.OpenAllBags")
  return highlighted()
end
function handlers.bagUpdate()
  W.fire("BAG_UPDATE_DELAYED")
  return highlighted()
end
-- Baganator's corner widget over every bag item, as Baganator calls it.
function handlers.baganator()
  local widget = W.cornerWidget
  if not widget then return H.json.null end
  local marked = {}
  for bag, b in pairs(W.scenario.bags or {}) do
    for slot, item in pairs(b.slots or {}) do
      if widget.onUpdate(widget.onInit(CreateFrame("Button")), { itemID = item.id, itemLink = item.link }) then
        marked[#marked + 1] = bag .. "/" .. slot
      end
    end
  end
  table.sort(marked)
  return { id = widget.id, position = widget.position, marked = marked, refreshes = W.baganatorRefreshes or 0 }
end
function handlers.jobsSent()
  return HolocronDB.jobsSent
end

function handlers.auctionShow()
  W.fire("AUCTION_HOUSE_SHOW")
  return highlighted()
end
function handlers.auctionClose()
  W.fire("AUCTION_HOUSE_CLOSED")
  return highlighted()
end

-- The merchant: the addon's button, the gold slots, what was sold so far.
local function merchantState()
  local button = ns.Vendor.button
  local sold = {}
  for _, a in ipairs(W.actions) do
    if a.name == "UseContainerItem" then sold[#sold + 1] = a end
  end
  return {
    button = button and { shown = button:IsShown(), text = button:GetText() or "" } or H.json.null,
    highlighted = highlighted(),
    sold = sold,
    money = W.money,
    buyback = #W.buyback,
    frame = W.frameNo,
    chat = W.chat[#W.chat] or H.json.null,
  }
end
function handlers.merchantShow()
  for _, frame in ipairs(W.containerFrames) do frame:Show() end
  W.merchantShow()
  return merchantState()
end
function handlers.merchantClick()
  ns.Vendor.button:Click("LeftButton")
  return merchantState()
end
function handlers.merchantClose()
  W.merchantClose()
  return merchantState()
end
function handlers.frames(op)
  local run = W.runFrames(op.limit)
  local state = merchantState()
  state.frames = run.frames
  return state
end
function handlers.bagUpdateMerchant()
  W.fire("BAG_UPDATE_DELAYED")
  return merchantState()
end
function handlers.combat(op)
  W.scenario.inCombat = op.on
  W.fire(op.on and "PLAYER_REGEN_DISABLED" or "PLAYER_REGEN_ENABLED")
end
function handlers.actions()
  local actions = {}
  for i, a in ipairs(W.actions) do actions[i] = a end
  return actions
end

-- The pet journal's card showing a pet (petId) or a species; the addon's cage line and button.
local function cageState()
  local button = ns.Cage.button
  local actions = {}
  for i, a in ipairs(W.actions) do actions[i] = a end
  return {
    label = ns.Cage.label and ns.Cage.label:GetText() or H.json.null,
    button = button and button:IsShown() or false,
    actions = actions,
    pets = #(W.scenario.pets or {}),
    chat = W.chat[#W.chat] or H.json.null,
  }
end
function handlers.cageCard(op)
  if not card then card = W.loadCollections() end
  W.Widgets.set(card, "speciesID", op.species)
  W.Widgets.set(card, "petID", op.petId)
  PetJournal_UpdatePetCard(card)
  return cageState()
end
function handlers.cageClick()
  ns.Cage.button:Click("LeftButton")
  return cageState()
end
-- The same function called from no click (as a timer would): the stub refuses it.
function handlers.cageUnclicked()
  local ok, err = pcall(ns.Cage.CageShown)
  local state = cageState()
  state.error = not ok and tostring(err) or H.json.null
  return state
end

local results = {}
for i, op in ipairs(requests.ops) do
  local handler = handlers[op.op]
  if not handler then error("unknown op " .. tostring(op.op)) end
  local result = handler(op)
  if result == nil then result = H.json.null end
  results[i] = { op = op.op, result = result }
end
H.print({ results = results, blizzardWrites = W.Widgets.blizzardWrites, created = H.created, loaded = H.loaded })
