-- A WoW API stub (retail 12.x names) for running the addon in plain Lua 5.1.
-- Every answer comes from a scenario table the test provides (see README.md);
-- every API call advances a virtual clock (debugprofilestop) by W.COST ms, so a
-- frame's work can be measured deterministically, and is counted; calls made
-- while the scenario says "in combat" are logged as reads in combat.
local Widgets = require("widgets")

local W = {}
Widgets.W = W

W.COST = 0.02
W.clock = 0
W.calls = {}
W.combatCalls = {}
W.log = {}
W.timers = {}
W.registry = {}
W.postCalls = {}
W.loadedAddons = {}
W.sendMailCalls = 0

function W.tick()
  W.clock = W.clock + W.COST
end

local scenario

-- A stubbed API function: counts the call, advances the clock, notes combat.
local function api(name, fn)
  return function(...)
    W.tick()
    W.calls[name] = (W.calls[name] or 0) + 1
    if scenario and scenario.inCombat and name ~= "InCombatLockdown" then
      W.combatCalls[#W.combatCalls + 1] = name
    end
    return fn(...)
  end
end

local function copyTable(t)
  if type(t) ~= "table" then return t end
  local out = {}
  for k, v in pairs(t) do out[k] = copyTable(v) end
  return out
end

local function slotOf(bag, slot)
  local b = scenario.bags and scenario.bags[bag]
  return b and b.slots and b.slots[slot]
end

local function bagSize(bag)
  local b = scenario.bags and scenario.bags[bag]
  return b and b.size or 0
end

local function linkLevel(link)
  local levels = scenario.linkLevels or {}
  return levels[link]
end

-- The client's item-info classes by item id (weapons 2, armour 4).
local function classOf(link)
  local id = tonumber(link:match("item:(%d+)") or "")
  local classes = scenario.itemClasses or {}
  return id and classes[id]
end

local ItemLocation = {}
ItemLocation.__index = ItemLocation
function ItemLocation:CreateFromBagAndSlot(bag, slot)
  W.tick()
  return setmetatable({ bagID = bag, slotIndex = slot }, ItemLocation)
end
function ItemLocation:CreateFromEquipmentSlot(slot)
  W.tick()
  return setmetatable({ equipmentSlotIndex = slot }, ItemLocation)
end
function ItemLocation:IsValid() return true end
function ItemLocation:GetBagAndSlot() return self.bagID, self.slotIndex end

local function install(globals)
  for k, v in pairs(globals) do _G[k] = v end
end

local function containerItemInfo(bag, slot)
  local item = slotOf(bag, slot)
  if not item then return nil end
  return {
    iconFileID = 134400,
    stackCount = item.count or 1,
    isLocked = item.locked or false,
    quality = item.quality,
    isReadable = false,
    hasLoot = false,
    hyperlink = item.link,
    isFiltered = false,
    hasNoValue = false,
    itemID = item.id,
    isBound = item.bound or false,
    itemName = item.name,
  }
end

-- The cursor (what PickupContainerItem / SplitContainerItem put there).
W.cursor = nil
W.attachments = {}

local function attach(index, clear)
  if clear then
    W.attachments[index] = nil
    return
  end
  if not W.cursor then error("stub: ClickSendMailItemButton with nothing on the cursor", 2) end
  if W.attachments[index] then error("stub: attachment slot " .. index .. " is taken", 2) end
  if index < 1 or index > 12 then error("stub: attachment slot " .. index .. " out of range", 2) end
  W.attachments[index] = W.cursor
  W.cursor = nil
end

local function pickup(bag, slot, count)
  local item = slotOf(bag, slot)
  if not item then error("stub: pickup from empty slot " .. bag .. "/" .. slot, 3) end
  if item.locked then error("stub: pickup from locked slot " .. bag .. "/" .. slot, 3) end
  if W.cursor then error("stub: the cursor already holds an item", 3) end
  if count and (count < 1 or count >= (item.count or 1)) then error("stub: split of " .. count .. " from a stack of " .. (item.count or 1), 3) end
  W.cursor = { bag = bag, slot = slot, count = count or item.count or 1, id = item.id, link = item.link, split = count ~= nil }
  item.locked = true
  W.log[#W.log + 1] = { op = count and "split" or "pickup", bag = bag, slot = slot, count = W.cursor.count }
end

-- Calls that act on the game (sell, cage), in order: { name, hardware (inside a
-- click), frame (W.frameNo), bag, slot, id, count, merchant (at a merchant) }.
W.actions = {}
W.frameNo = 0
W.hardware = false
W.merchantOpen = false
W.buyback = {}
W.money = 0

-- C_Item.GetItemCount: bags 0–5; bank tabs (6–11) with includeBank; warband tabs (12–16) with includeAccountBank.
local function itemCount(id, includeBank, _, _, includeAccountBank)
  local count = 0
  for bag, b in pairs(scenario.bags or {}) do
    local counted = bag <= 5 or (bag <= 11 and includeBank) or (bag >= 12 and includeAccountBank)
    for _, item in pairs(counted and b.slots or {}) do
      if item.id == id then count = count + (item.count or 1) end
    end
  end
  return count
end

-- UseContainerItem: at a merchant the stack is sold (the buyback tab keeps the
-- last 12); elsewhere the item would be used, which the addon must never ask.
local function useContainerItem(bag, slot)
  local item = slotOf(bag, slot)
  local action = { name = "UseContainerItem", hardware = W.hardware, frame = W.frameNo, bag = bag, slot = slot,
    id = item and item.id, count = item and (item.count or 1), merchant = W.merchantOpen }
  W.actions[#W.actions + 1] = action
  if not item or not W.merchantOpen then return end
  scenario.bags[bag].slots[slot] = nil
  W.money = W.money + ((scenario.sellPrices or {})[item.id] or 0) * (item.count or 1)
  table.insert(W.buyback, { id = item.id, count = item.count or 1 })
  if #W.buyback > 12 then table.remove(W.buyback, 1) end
end

local function petOf(guid)
  for i, p in ipairs(scenario.pets or {}) do
    if p.guid == guid then return p, i end
  end
end

local function collected(species)
  local n = 0
  for _, p in ipairs(scenario.pets or {}) do
    if p.species == species then n = n + 1 end
  end
  return n
end

-- CagePetByID: not in the generated docs; treated as needing a hardware event (Blizzard calls it from a popup's button).
local function cagePet(guid)
  local p, i = petOf(guid)
  W.actions[#W.actions + 1] = { name = "CagePetByID", hardware = W.hardware, frame = W.frameNo, guid = guid, species = p and p.species }
  if not W.hardware then error("stub: CagePetByID outside a hardware event", 2) end
  if p then table.remove(scenario.pets, i) end
end

-- The mail left the mailbox: attached items leave the bags.
function W.sendSucceeded()
  for i = 1, 12 do
    local a = W.attachments[i]
    if a then
      local bag = scenario.bags[a.bag]
      local item = bag.slots[a.slot]
      item.locked = false
      if a.split then item.count = item.count - a.count else bag.slots[a.slot] = nil end
      W.attachments[i] = nil
    end
  end
  W.fire("MAIL_SEND_SUCCESS")
end

local function toyList()
  local toys = scenario.toys or {}
  local f = W.toyFilters
  local list = {}
  for _, id in ipairs(toys.list or {}) do
    local owned = toys.owned and toys.owned[id]
    if (owned and f.collected) or (not owned and f.uncollected) then list[#list + 1] = id end
  end
  -- A source or expansion filter left off hides the toys of that kind (here: every other toy).
  for i, on in ipairs(f.sources) do if not on then for k = #list, 1, -1 do if k % (i + 1) == 0 then table.remove(list, k) end end end end
  for i, on in ipairs(f.expansions) do if not on then for k = #list, 1, -1 do if k % (i + 2) == 0 then table.remove(list, k) end end end end
  if f.search ~= "" then list = {} end
  return list
end

function W.setup(sc)
  scenario = sc or {}
  W.scenario = scenario
  local player = scenario.player or {}
  local filters = scenario.toyFilters or {}
  W.toyFilters = {
    collected = filters.collected ~= false, uncollected = filters.uncollected ~= false, unusable = filters.unusable ~= false,
    sources = copyTable(filters.sources or { true, true, true, true, true, true, true, true, true, true }),
    expansions = copyTable(filters.expansions or { true, true, true, true, true, true, true, true, true, true, true, true }),
    search = filters.search or "",
  }
  W.toyFilterCalls = 0

  install({
    Enum = {
      TooltipDataType = { Item = 0, Spell = 1, Unit = 2, Currency = 5, BattlePet = 6, Mount = 10, Toy = 19 },
      BankType = { Character = 0, Guild = 1, Account = 2 },
      WeeklyRewardChestThresholdType = { None = 0, Activities = 1, RankedPvP = 2, Raid = 3, AlsoReceive = 4, Concession = 5, World = 6 },
      BagIndex = { Backpack = 0, ReagentBag = 5, CharacterBankTab_1 = 6, AccountBankTab_1 = 12 },
      ItemClass = { Weapon = 2, Armor = 4 },
    },
    ItemLocation = ItemLocation,
    -- Virtual time only (deterministic), or plus real CPU time (W.realTime, for benchmarks of Lua work).
    debugprofilestop = function() return W.clock + (W.realTime and os.clock() * 1000 or 0) end,
    GetTime = function() return W.clock / 1000 end,
    GetServerTime = api("GetServerTime", function() return scenario.time or 1764633600 end),
    InCombatLockdown = api("InCombatLockdown", function() return scenario.inCombat == true end),
    UnitName = api("UnitName", function(unit) if unit == "player" then return player.name or "Thrall" end end),
    UnitGUID = api("UnitGUID", function(unit) if unit == "player" then return player.guid or "Player-60-0ABCDEF0" end end),
    UnitClass = api("UnitClass", function() return player.className or "Warrior", player.class or "WARRIOR", player.classId or 1 end),
    UnitLevel = api("UnitLevel", function() return player.level or 80 end),
    GetRealmName = api("GetRealmName", function() return player.realm or "Stormrage" end),
    GetNormalizedRealmName = api("GetNormalizedRealmName", function() return (player.realm or "Stormrage"):gsub("[%s%-]", "") end),
    GetRealmID = api("GetRealmID", function() return player.realmId or 60 end),
    GetCurrentRegion = api("GetCurrentRegion", function() return player.region or 1 end),
    GetInventoryItemLink = api("GetInventoryItemLink", function(_, slot)
      local e = scenario.equipped and scenario.equipped[slot]
      return e and e.link
    end),
    GetAverageItemLevel = api("GetAverageItemLevel", function()
      local a = player.itemLevel or { 0, 0, 0 }
      return a[1], a[2], a[3]
    end),
    GetNumSavedInstances = api("GetNumSavedInstances", function() return #(scenario.lockouts or {}) end),
    GetSavedInstanceInfo = api("GetSavedInstanceInfo", function(i)
      local l = scenario.lockouts[i]
      return unpack(l, 1, 14)
    end),
    RequestRaidInfo = api("RequestRaidInfo", function() W.raidInfoRequested = true end),
    PlayerHasToy = api("PlayerHasToy", function(id) return (scenario.toys and scenario.toys.owned and scenario.toys.owned[id]) == true end),
    GetNumExpansions = api("GetNumExpansions", function() return #W.toyFilters.expansions end),
    HasSendMailItem = api("HasSendMailItem", function(i) return W.attachments[i] ~= nil end),
    ClickSendMailItemButton = api("ClickSendMailItemButton", attach),
    SendMail = api("SendMail", function() W.sendMailCalls = W.sendMailCalls + 1 end),
    ATTACHMENTS_MAX_SEND = 12,
    BUYBACK_ITEMS_PER_PAGE = 12,
    hooksecurefunc = function(a, b, c)
      local t, name, hook = _G, a, b
      if type(a) == "table" then t, name, hook = a, b, c end
      local original = t[name]
      if type(original) ~= "function" then error("stub: hooksecurefunc on missing " .. tostring(name), 2) end
      rawset(t, name, function(...)
        local r = { original(...) }
        hook(...)
        return unpack(r)
      end)
    end,
    C_AddOns = {
      GetAddOnMetadata = api("C_AddOns.GetAddOnMetadata", function(name, field)
        local meta = W.addonMetadata[name]
        return meta and meta[field]
      end),
      IsAddOnLoaded = api("C_AddOns.IsAddOnLoaded", function(name) return W.loadedAddons[name] == true end),
    },
    C_DateAndTime = {
      GetSecondsUntilWeeklyReset = api("C_DateAndTime.GetSecondsUntilWeeklyReset", function() return scenario.secondsUntilWeeklyReset or 3600 end),
    },
    C_SpecializationInfo = {
      GetSpecialization = api("C_SpecializationInfo.GetSpecialization", function() return player.specIndex end),
      GetSpecializationInfo = api("C_SpecializationInfo.GetSpecializationInfo", function(index)
        if index == player.specIndex then return player.specId, "Spec", "", 0, "DAMAGER", 1, 0, nil, 0, true end
      end),
    },
    C_Item = {
      GetCurrentItemLevel = api("C_Item.GetCurrentItemLevel", function(location)
        if location.equipmentSlotIndex then
          local e = scenario.equipped and scenario.equipped[location.equipmentSlotIndex]
          return e and e.level
        end
        local item = slotOf(location.bagID, location.slotIndex)
        return item and item.level
      end),
      GetDetailedItemLevelInfo = api("C_Item.GetDetailedItemLevelInfo", function(item)
        local level = linkLevel(item)
        if level then return level, nil, level end
      end),
      -- Only the sell price (11th return) is answered from the scenario.
      GetItemInfo = api("C_Item.GetItemInfo", function(item)
        local id = type(item) == "number" and item or tonumber(tostring(item):match("item:(%d+)") or "")
        local price = id and (scenario.sellPrices or {})[id]
        if not price then return nil end
        return "Item " .. id, "item:" .. id, 0, 1, 1, "", "", 200, "", 134400, price
      end),
      GetItemCount = api("C_Item.GetItemCount", itemCount),
      GetItemInfoInstant = api("C_Item.GetItemInfoInstant", function(item)
        local class = type(item) == "string" and classOf(item)
        local id = type(item) == "number" and item or tonumber(tostring(item):match("item:(%d+)") or "")
        if not id then return nil end
        return id, nil, nil, nil, 134400, class or 7, 0
      end),
    },
    C_Container = {
      GetContainerNumSlots = api("C_Container.GetContainerNumSlots", bagSize),
      GetContainerItemInfo = api("C_Container.GetContainerItemInfo", containerItemInfo),
      PickupContainerItem = api("C_Container.PickupContainerItem", function(bag, slot) pickup(bag, slot) end),
      SplitContainerItem = api("C_Container.SplitContainerItem", function(bag, slot, count) pickup(bag, slot, count) end),
      UseContainerItem = api("C_Container.UseContainerItem", useContainerItem),
    },
    C_Bank = {
      CanViewBank = api("C_Bank.CanViewBank", function(t) return (scenario.bankView or {})[t] == true end),
      FetchBankLockedReason = api("C_Bank.FetchBankLockedReason", function(t) return (scenario.bankLocked or {})[t] end),
      FetchPurchasedBankTabData = api("C_Bank.FetchPurchasedBankTabData", function(t)
        local tabs = {}
        for _, tab in ipairs((scenario.bankTabs or {})[t] or {}) do
          tabs[#tabs + 1] = { ID = tab[1], bankType = t, name = tab[2], icon = 0, depositFlags = 0 }
        end
        return tabs
      end),
    },
    C_TransmogCollection = {
      GetItemInfo = api("C_TransmogCollection.GetItemInfo", function(link)
        local t = scenario.transmog and scenario.transmog[link]
        if t then return t.appearanceID, t.sourceID end
      end),
      GetAppearanceInfoBySource = api("C_TransmogCollection.GetAppearanceInfoBySource", function(sourceID)
        for _, t in pairs(scenario.transmog or {}) do
          if t.sourceID == sourceID then return { appearanceID = t.appearanceID, appearanceIsCollected = t.collected } end
        end
      end),
    },
    C_WeeklyRewards = {
      GetActivities = api("C_WeeklyRewards.GetActivities", function() return copyTable((scenario.vault or {}).activities or {}) end),
      HasAvailableRewards = api("C_WeeklyRewards.HasAvailableRewards", function() return (scenario.vault or {}).hasRewards == true end),
    },
    C_MythicPlus = {
      GetOwnedKeystoneMapID = api("C_MythicPlus.GetOwnedKeystoneMapID", function() return scenario.keystone and scenario.keystone.mapId end),
      GetOwnedKeystoneChallengeMapID = api("C_MythicPlus.GetOwnedKeystoneChallengeMapID", function()
        return scenario.keystone and scenario.keystone.challengeMapId
      end),
      GetOwnedKeystoneLevel = api("C_MythicPlus.GetOwnedKeystoneLevel", function() return scenario.keystone and scenario.keystone.level end),
    },
    C_QuestLog = {
      IsQuestFlaggedCompleted = api("C_QuestLog.IsQuestFlaggedCompleted", function(id) return (scenario.questsDone or {})[id] == true end),
    },
    C_MountJournal = {
      GetMountIDs = api("C_MountJournal.GetMountIDs", function() return copyTable((scenario.mounts or {}).ids or {}) end),
      GetMountInfoByID = api("C_MountJournal.GetMountInfoByID", function(id)
        local collected = ((scenario.mounts or {}).collected or {})[id] == true
        return "Mount " .. id, id * 10, 0, false, true, 0, false, false, nil, false, collected, id, false
      end),
    },
    C_PetJournal = {
      GetOwnedPetIDs = api("C_PetJournal.GetOwnedPetIDs", function()
        local ids = {}
        for i, p in ipairs(scenario.pets or {}) do ids[i] = p.guid end
        return ids
      end),
      GetPetInfoByPetID = api("C_PetJournal.GetPetInfoByPetID", function(guid)
        for _, p in ipairs(scenario.pets or {}) do
          if p.guid == guid then return p.species, p.customName, p.level, 0, 100, 1, false, "Pet", 0, 1, 1 end
        end
      end),
      GetPetStats = api("C_PetJournal.GetPetStats", function(guid)
        for _, p in ipairs(scenario.pets or {}) do
          if p.guid == guid then return p.maxHealth, p.maxHealth, p.power, p.speed, p.rarity end
        end
      end),
      GetNumPetSources = api("C_PetJournal.GetNumPetSources", function() return #W.toyFilters.sources end),
      CagePetByID = api("C_PetJournal.CagePetByID", cagePet),
      GetPetInfoBySpeciesID = api("C_PetJournal.GetPetInfoBySpeciesID", function(species)
        return (scenario.speciesNames or {})[species]
      end),
      PetIsTradable = api("C_PetJournal.PetIsTradable", function(guid) local p = petOf(guid); return p ~= nil and p.tradable ~= false end),
      PetIsSlotted = api("C_PetJournal.PetIsSlotted", function(guid) local p = petOf(guid); return p ~= nil and p.slotted == true end),
      PetIsFavorite = api("C_PetJournal.PetIsFavorite", function(guid) local p = petOf(guid); return p ~= nil and p.favorite == true end),
      GetNumCollectedInfo = api("C_PetJournal.GetNumCollectedInfo", function(species) return collected(species), 3 end),
      GetNumPets = api("C_PetJournal.GetNumPets", function() return #(scenario.pets or {}), #(scenario.pets or {}) end),
    },
    C_ToyBox = {
      GetCollectedShown = api("C_ToyBox.GetCollectedShown", function() return W.toyFilters.collected end),
      GetUncollectedShown = api("C_ToyBox.GetUncollectedShown", function() return W.toyFilters.uncollected end),
      GetUnusableShown = api("C_ToyBox.GetUnusableShown", function() return W.toyFilters.unusable end),
      SetCollectedShown = api("C_ToyBox.SetCollectedShown", function(v) W.toyFilters.collected = v end),
      SetUncollectedShown = api("C_ToyBox.SetUncollectedShown", function(v) W.toyFilters.uncollected = v end),
      SetUnusableShown = api("C_ToyBox.SetUnusableShown", function(v) W.toyFilters.unusable = v end),
      IsSourceTypeFilterChecked = api("C_ToyBox.IsSourceTypeFilterChecked", function(i) return W.toyFilters.sources[i] end),
      IsExpansionTypeFilterChecked = api("C_ToyBox.IsExpansionTypeFilterChecked", function(i) return W.toyFilters.expansions[i] end),
      SetSourceTypeFilter = api("C_ToyBox.SetSourceTypeFilter", function(i, v) W.toyFilters.sources[i] = v end),
      SetExpansionTypeFilter = api("C_ToyBox.SetExpansionTypeFilter", function(i, v) W.toyFilters.expansions[i] = v end),
      SetAllSourceTypeFilters = api("C_ToyBox.SetAllSourceTypeFilters", function(v)
        for i = 1, #W.toyFilters.sources do W.toyFilters.sources[i] = v end
      end),
      SetAllExpansionTypeFilters = api("C_ToyBox.SetAllExpansionTypeFilters", function(v)
        for i = 1, #W.toyFilters.expansions do W.toyFilters.expansions[i] = v end
      end),
      SetFilterString = api("C_ToyBox.SetFilterString", function(v) W.toyFilters.search = v end),
      GetNumFilteredToys = api("C_ToyBox.GetNumFilteredToys", function() return #toyList() end),
      GetToyFromIndex = api("C_ToyBox.GetToyFromIndex", function(i) return toyList()[i] or -1 end),
    },
    TooltipDataProcessor = {
      AddTooltipPostCall = function(kind, fn)
        W.postCalls[kind] = W.postCalls[kind] or {}
        table.insert(W.postCalls[kind], fn)
      end,
    },
    TooltipUtil = {
      GetDisplayedItem = function(tooltip)
        local st = Widgets.state[tooltip]
        return st.itemName, st.itemLink, st.itemID
      end,
    },
    EventRegistry = {
      RegisterCallback = function(_, event, fn, owner)
        W.registry[event] = W.registry[event] or {}
        table.insert(W.registry[event], { fn = fn, owner = owner })
      end,
    },
    C_Timer = {
      After = function(_, fn) W.timers[#W.timers + 1] = fn end,
    },
    UISpecialFrames = {},
    SlashCmdList = {},
    DEFAULT_CHAT_FRAME = { AddMessage = function(_, text) W.chat[#W.chat + 1] = text end },
    CreateFrame = function(kind, name, parent, template)
      W.tick()
      return Widgets.create(kind, name, parent, template)
    end,
  })
  W.chat = {}
  W.addonMetadata = W.addonMetadata or {}

  Widgets.UIParent = Widgets.blizzard("Frame", "UIParent")
  Widgets.blizzard("Tooltip", "GameTooltip", UIParent)
  Widgets.blizzard("Tooltip", "ItemRefTooltip", UIParent)
  local pet = Widgets.blizzard("Tooltip", "BattlePetTooltip", UIParent)
  local floating = Widgets.blizzard("Tooltip", "FloatingBattlePetTooltip", UIParent)
  Widgets.state[pet].growsOnAddLine = true
  Widgets.state[floating].growsOnAddLine = true
  pet:Hide()
  floating:Hide()
  -- FrameXML's battle-pet tooltip functions: the addon hooks them.
  _G.BattlePetToolTip_Show = function(speciesID, level, breedQuality, maxHealth, power, speed, customName)
    local st = Widgets.state[BattlePetTooltip]
    st.lines, st.height, st.shown = {}, 122, true
    st.pet = { speciesID, level, breedQuality, maxHealth, power, speed, customName }
  end
  _G.FloatingBattlePet_Show = function(speciesID, level, breedQuality, maxHealth, power, speed, customName, petID)
    if speciesID and speciesID > 0 then
      local st = Widgets.state[FloatingBattlePetTooltip]
      st.lines, st.height, st.shown = {}, 150, true
      st.pet = { speciesID, level, breedQuality, maxHealth, power, speed, customName, petID }
    end
  end

  -- The mailbox: frames exist from the start, hidden until MAIL_SHOW.
  local mail = Widgets.blizzard("Frame", "MailFrame", UIParent)
  local send = Widgets.blizzard("Frame", "SendMailFrame", mail)
  Widgets.blizzard("EditBox", "SendMailNameEditBox", send)
  Widgets.blizzard("EditBox", "SendMailSubjectEditBox", send)
  mail:Hide()
  send:Hide()
  -- The merchant window (W.merchantShow / W.merchantClose open and close it as the client does).
  Widgets.blizzard("Frame", "MerchantFrame", UIParent):Hide()

  -- Default bags: one container frame per bag, one item button per slot.
  W.containerFrames = {}
  for bag = 0, 5 do
    local frame = Widgets.blizzard("Frame", "ContainerFrame" .. (bag + 1), UIParent)
    frame:Hide()
    local buttons = {}
    for slot = 1, bagSize(bag) do
      local button = Widgets.blizzard("Button", nil, frame)
      Widgets.state[button].id = slot
      Widgets.state[button].bagID = bag
      buttons[slot] = button
    end
    Widgets.state[frame].itemButtons = buttons
    W.containerFrames[#W.containerFrames + 1] = frame
  end
  _G.ContainerFrameUtil_EnumerateContainerFrames = function() return ipairs(W.containerFrames) end
  for _, frame in ipairs(W.containerFrames) do
    Widgets.set(frame, "EnumerateValidItems", function(self) return ipairs(Widgets.state[self].itemButtons) end)
    for _, button in ipairs(Widgets.state[frame].itemButtons) do
      Widgets.set(button, "GetBagID", function(self) return Widgets.state[self].bagID end)
    end
  end

  if scenario.baganator then
    _G.Baganator = {
      API = {
        RegisterCornerWidget = function(label, id, onUpdate, onInit, position)
          W.cornerWidget = { label = label, id = id, onUpdate = onUpdate, onInit = onInit, position = position }
        end,
        RequestItemButtonsRefresh = function() W.baganatorRefreshes = (W.baganatorRefreshes or 0) + 1 end,
      },
    }
  end
  return W
end

-- Fires an event at every frame registered for it.
function W.fire(event, ...)
  for _, frame in ipairs(Widgets.eventFrames[event] or {}) do
    local handler = frame:GetScript("OnEvent")
    if handler then handler(frame, event, ...) end
  end
end

function W.triggerRegistry(event, ...)
  for _, cb in ipairs(W.registry[event] or {}) do cb.fn(cb.owner, ...) end
end

function W.merchantShow()
  W.merchantOpen = true
  MerchantFrame:Show()
  W.fire("MERCHANT_SHOW")
end

function W.merchantClose()
  W.merchantOpen = false
  MerchantFrame:Hide()
  W.fire("MERCHANT_CLOSED")
end

-- One rendered frame: every visible frame's OnUpdate runs. Returns the frame's
-- virtual time (ms) and its real time (os.clock, ms).
function W.frame(elapsed)
  local started, real = W.clock, os.clock()
  W.frameNo = W.frameNo + 1
  for _, fn in ipairs(W.timers) do fn() end
  W.timers = {}
  for _, w in ipairs(Widgets.all) do
    local st = Widgets.state[w]
    if st.scripts and st.scripts.OnUpdate and w:IsVisible() then st.scripts.OnUpdate(w, elapsed or 0.016) end
  end
  return W.clock - started, (os.clock() - real) * 1000
end

-- Frames until no OnUpdate work is left (at most limit).
function W.runFrames(limit)
  local virtual, real, frames = {}, {}, 0
  for _ = 1, limit or 100000 do
    local busy = false
    for _, w in ipairs(Widgets.all) do
      local st = Widgets.state[w]
      if st.scripts and st.scripts.OnUpdate and w:IsVisible() then busy = true end
    end
    if not busy then break end
    local v, r = W.frame()
    frames = frames + 1
    virtual[frames], real[frames] = v, r
  end
  return { frames = frames, virtual = virtual, real = real }
end

-- Typing a slash command in chat.
function W.slash(line)
  local command, rest = line:match("^(/%S+)%s*(.-)$")
  for key, handler in pairs(SlashCmdList) do
    for i = 1, 9 do
      local alias = _G["SLASH_" .. key .. i]
      if alias and alias:lower() == command:lower() then return handler(rest) end
    end
  end
  error("stub: no slash command " .. command)
end

-- The client's Escape handling for frames named in UISpecialFrames.
function W.pressEscape()
  for _, name in ipairs(UISpecialFrames) do
    local f = _G[name]
    if f and f:IsShown() then
      f:Hide()
      return true
    end
  end
  return false
end

-- Typing into an edit box: the text changes and OnTextChanged(self, true) runs.
function W.type(editBox, text)
  local st = Widgets.state[editBox]
  st.text = text
  if st.scripts and st.scripts.OnTextChanged then st.scripts.OnTextChanged(editBox, true) end
end

-- Hovering an item: the tooltip is built and the item post-calls run.
function W.showItemTooltip(link, tooltip)
  tooltip = tooltip or GameTooltip
  local st = Widgets.state[tooltip]
  st.lines = { { text = "item" } }
  st.itemLink = type(link) == "string" and link or nil
  st.itemID = type(link) == "number" and link or tonumber(tostring(link):match("item:(%d+)") or "")
  st.shown = true
  for _, fn in ipairs(W.postCalls[Enum.TooltipDataType.Item] or {}) do fn(tooltip, { id = st.itemID, hyperlink = st.itemLink }) end
  local out = {}
  for i = 2, #st.lines do out[#out + 1] = st.lines[i] end
  return out
end

function W.tooltipLines(tooltip)
  return Widgets.state[tooltip].lines
end

-- Blizzard_Collections loading on demand: the journal's card and its update function appear.
function W.loadCollections()
  local card = Widgets.blizzard("Frame", "PetJournalPetCard", UIParent)
  _G.PetJournal_UpdatePetCard = function() end
  W.loadedAddons.Blizzard_Collections = true
  W.fire("ADDON_LOADED", "Blizzard_Collections", false)
  return card
end

W.Widgets = Widgets
return W
