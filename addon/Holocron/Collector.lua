local addonName, ns = ...

-- The collector: writes HolocronDB as docs/collector-format.md describes. It
-- reads only at safe moments (login, bank or mailbox open and closing, vault and
-- lockout updates, logout), never in combat, through the job queue (at most
-- ns.BUDGET_MS of work per frame). A section is replaced only by a complete
-- read; one it could not read keeps its old value and time.
local Collector = {}
ns.Collector = Collector

local FORMAT_VERSION = 1
local BAGS = { 0, 1, 2, 3, 4, 5 }
local BANK_TABS = { 6, 7, 8, 9, 10, 11 }
local WARBAND_TABS = { 12, 13, 14, 15, 16 }
local EQUIPPED_FIRST, EQUIPPED_LAST = 1, 19
local QUESTS_PER_STEP, MOUNTS_PER_STEP, TOYS_PER_STEP, PETS_PER_STEP = 20, 20, 10, 10

local function now()
  return GetServerTime()
end

function Collector.Init()
  if type(HolocronDB) ~= "table" then HolocronDB = {} end
  HolocronDB.version = FORMAT_VERSION
  HolocronDB.addonVersion = ns.VERSION
  if type(HolocronDB.characters) ~= "table" then HolocronDB.characters = {} end
  if type(HolocronDB.warband) ~= "table" then HolocronDB.warband = {} end
end

local function character()
  local guid = UnitGUID("player")
  local c = HolocronDB.characters[guid]
  if not c then
    c = {}
    HolocronDB.characters[guid] = c
  end
  return c
end

-- Identity, and the times the file is saved with.
function Collector.ReadIdentity()
  local c = character()
  local t = now()
  c.name = UnitName("player")
  c.realm = GetRealmName()
  c.realmId = GetRealmID()
  c.region = GetCurrentRegion()
  c.class = select(2, UnitClass("player"))
  c.level = UnitLevel("player")
  local spec = C_SpecializationInfo.GetSpecialization()
  if spec and spec > 0 then c.specId = C_SpecializationInfo.GetSpecializationInfo(spec) end
  c.savedAt = t
  local untilReset = C_DateAndTime.GetSecondsUntilWeeklyReset()
  if untilReset then c.weeklyResetAt = t + untilReset end
end

-- Equipped gear, one slot per step.
local function gearScan()
  local slots, at = {}, now()
  return ns.Stepper(EQUIPPED_LAST - EQUIPPED_FIRST + 1, function(i)
    local slot = EQUIPPED_FIRST + i - 1
    local link = GetInventoryItemLink("player", slot)
    if link then
      slots[slot] = { link, C_Item.GetCurrentItemLevel(ItemLocation:CreateFromEquipmentSlot(slot)) or false }
    end
  end, function()
    local average, equipped = GetAverageItemLevel()
    character().gear = { at = at, average = average, equipped = equipped, slots = slots }
  end)
end

-- One container slot as an ITEM record, or nil when empty.
function Collector.ReadSlot(bag, slot)
  local info = C_Container.GetContainerItemInfo(bag, slot)
  if not info or not info.itemID then return nil end
  local link = info.hyperlink
  local level = C_Item.GetCurrentItemLevel(ItemLocation:CreateFromBagAndSlot(bag, slot))
  local appearance
  if link then
    local _, sourceID = C_TransmogCollection.GetItemInfo(link)
    if sourceID then
      local appearanceInfo = C_TransmogCollection.GetAppearanceInfoBySource(sourceID)
      if appearanceInfo then appearance = appearanceInfo.appearanceIsCollected and true or false end
    end
  end
  return { bag, slot, info.itemID, info.stackCount, link, level or false, info.isBound and true or false, appearance }
end

-- Bag id → the name the player gave a bank tab (none for unnamed tabs).
local function tabNames(bankType)
  local names = {}
  for _, tab in ipairs(C_Bank.FetchPurchasedBankTabData(bankType) or {}) do
    if type(tab.ID) == "number" and type(tab.name) == "string" and tab.name ~= "" then names[tab.ID] = tab.name end
  end
  return names
end

-- A step function reading the given containers one slot per call; store(section)
-- gets { at, items } (and the tab names of a bank) once every slot was read.
local function containerScan(bags, store, bankType)
  local tabs = bankType and tabNames(bankType)
  local slots = {}
  for _, bag in ipairs(bags) do
    for slot = 1, C_Container.GetContainerNumSlots(bag) or 0 do slots[#slots + 1] = { bag, slot } end
  end
  local at, items = now(), {}
  return ns.Stepper(#slots, function(i)
    local record = Collector.ReadSlot(slots[i][1], slots[i][2])
    if record then items[#items + 1] = record end
  end, function()
    store({ at = at, items = items, tabs = tabs })
  end)
end

function Collector.QueueBags()
  ns.Queue("collect-bags", function()
    -- The slot list is taken when the job starts, not when it was asked for.
    local step = containerScan(BAGS, function(section) character().bags = section end)
    ns.Queue("collect-bags", step)
    return false
  end)
end

local bankOpen = false

local function canView(bankType)
  return C_Bank.CanViewBank(bankType) and C_Bank.FetchBankLockedReason(bankType) == nil
end

function Collector.QueueBank()
  if not bankOpen then return end
  ns.Queue("collect-bank", function()
    if canView(Enum.BankType.Character) then
      ns.Queue("collect-bank", containerScan(BANK_TABS, function(section)
        if bankOpen then character().bank = section end
      end, Enum.BankType.Character))
      return false
    end
    return true
  end)
  ns.Queue("collect-warband", function()
    if canView(Enum.BankType.Account) then
      ns.Queue("collect-warband", containerScan(WARBAND_TABS, function(section)
        if bankOpen then HolocronDB.warband.bank = section end
      end, Enum.BankType.Account))
      return false
    end
    return true
  end)
end

-- The enum's names for vault activity types ("Raid", "Activities", "World"…).
local function activityTypeName(value)
  for name, v in pairs(Enum.WeeklyRewardChestThresholdType) do
    if v == value then return name end
  end
  return tostring(value)
end

function Collector.ReadVault()
  local activities = C_WeeklyRewards.GetActivities()
  -- Empty until the client has the week's data: keep what we had.
  if type(activities) ~= "table" or #activities == 0 then return end
  local list = {}
  for i, a in ipairs(activities) do
    list[i] = { activityTypeName(a.type), a.index, a.threshold, a.progress, a.level, a.id }
  end
  character().vault = { at = now(), activities = list, hasRewards = C_WeeklyRewards.HasAvailableRewards() and true or false }
end

function Collector.ReadLockouts()
  local t = now()
  local list = {}
  for i = 1, GetNumSavedInstances() do
    local name, lockoutId, reset, difficultyId, locked, extended, _, isRaid, maxPlayers, _, encounters, killed, _, instanceId =
      GetSavedInstanceInfo(i)
    if name then
      list[#list + 1] = {
        name, lockoutId, t + (reset or 0), difficultyId, locked and true or false, extended and true or false,
        isRaid and true or false, maxPlayers, encounters, killed, instanceId,
      }
    end
  end
  character().lockouts = { at = t, list = list }
end

function Collector.ReadKeystone()
  local keystone = { at = now() }
  local mapId = C_MythicPlus.GetOwnedKeystoneMapID()
  if mapId then
    keystone.mapId = mapId
    keystone.challengeMapId = C_MythicPlus.GetOwnedKeystoneChallengeMapID()
    keystone.level = C_MythicPlus.GetOwnedKeystoneLevel()
  end
  character().keystone = keystone
end

local function questScan()
  local ids, done, at = ns.WEEKLY_QUESTS or {}, {}, now()
  local steps = math.ceil(#ids / QUESTS_PER_STEP)
  return ns.Stepper(steps, function(step)
    for i = (step - 1) * QUESTS_PER_STEP + 1, math.min(#ids, step * QUESTS_PER_STEP) do
      if C_QuestLog.IsQuestFlaggedCompleted(ids[i]) then done[#done + 1] = ids[i] end
    end
  end, function()
    table.sort(done)
    character().quests = { at = at, done = done }
  end)
end

local function mountScan()
  local ids = C_MountJournal.GetMountIDs() or {}
  local owned, at = {}, now()
  return ns.Stepper(math.ceil(#ids / MOUNTS_PER_STEP), function(step)
    for i = (step - 1) * MOUNTS_PER_STEP + 1, math.min(#ids, step * MOUNTS_PER_STEP) do
      local isCollected = select(11, C_MountJournal.GetMountInfoByID(ids[i]))
      if isCollected then owned[#owned + 1] = ids[i] end
    end
  end, function()
    if #ids == 0 then return end
    table.sort(owned)
    HolocronDB.warband.mounts = { at = at, ids = owned }
  end)
end

-- No call lists every toy: the Toy Box's own list is walked with its filters
-- widened to "collected, every source and expansion", then put back as they were.
local function toyFilters()
  local saved = {
    collected = C_ToyBox.GetCollectedShown(),
    uncollected = C_ToyBox.GetUncollectedShown(),
    unusable = C_ToyBox.GetUnusableShown(),
    sources = {},
    expansions = {},
  }
  for i = 1, C_PetJournal.GetNumPetSources() do saved.sources[i] = C_ToyBox.IsSourceTypeFilterChecked(i) end
  for i = 1, GetNumExpansions() do saved.expansions[i] = C_ToyBox.IsExpansionTypeFilterChecked(i) end
  return saved
end

local function restoreToyFilters(saved)
  C_ToyBox.SetCollectedShown(saved.collected)
  C_ToyBox.SetUncollectedShown(saved.uncollected)
  C_ToyBox.SetUnusableShown(saved.unusable)
  for i, checked in ipairs(saved.sources) do C_ToyBox.SetSourceTypeFilter(i, checked) end
  for i, checked in ipairs(saved.expansions) do C_ToyBox.SetExpansionTypeFilter(i, checked) end
  local search = ToyBox and ToyBox.searchBox and ToyBox.searchBox:GetText() or ""
  C_ToyBox.SetFilterString(search)
end

local function toyScan()
  -- The player is looking at the Toy Box: do not move its filters under them.
  if ToyBox and ToyBox:IsShown() then return function() return true end end
  local saved = toyFilters()
  C_ToyBox.SetCollectedShown(true)
  C_ToyBox.SetUncollectedShown(false)
  C_ToyBox.SetUnusableShown(true)
  C_ToyBox.SetAllSourceTypeFilters(true)
  C_ToyBox.SetAllExpansionTypeFilters(true)
  C_ToyBox.SetFilterString("")
  local count, owned, at = C_ToyBox.GetNumFilteredToys() or 0, {}, now()
  return ns.Stepper(math.ceil(count / TOYS_PER_STEP), function(step)
    for i = (step - 1) * TOYS_PER_STEP + 1, math.min(count, step * TOYS_PER_STEP) do
      local itemId = C_ToyBox.GetToyFromIndex(i)
      if itemId and itemId > 0 and PlayerHasToy(itemId) then owned[#owned + 1] = itemId end
    end
  end, function()
    restoreToyFilters(saved)
    if #owned == 0 then return end
    table.sort(owned)
    HolocronDB.warband.toys = { at = at, ids = owned }
  end)
end

local function petScan()
  local ids = C_PetJournal.GetOwnedPetIDs and C_PetJournal.GetOwnedPetIDs() or {}
  local list, at = {}, now()
  return ns.Stepper(math.ceil(#ids / PETS_PER_STEP), function(step)
    for i = (step - 1) * PETS_PER_STEP + 1, math.min(#ids, step * PETS_PER_STEP) do
      local guid = ids[i]
      local speciesId, _, level = C_PetJournal.GetPetInfoByPetID(guid)
      if speciesId then
        local _, maxHealth, power, speed, rarity = C_PetJournal.GetPetStats(guid)
        list[#list + 1] = { guid, speciesId, level, (rarity or 1) - 1, maxHealth, power, speed }
      end
    end
  end, function()
    -- An empty list right after login means the journal is not loaded yet.
    if #list == 0 then return end
    table.sort(list, function(a, b) return a[1] < b[1] end)
    HolocronDB.warband.pets = { at = at, list = list }
  end)
end

-- Queues a job whose step function is made when the job starts.
local function queueLazy(name, make)
  ns.Queue(name, function()
    ns.Queue(name, make())
    return false
  end)
end

function Collector.QueueLogin()
  ns.Queue("collect-identity", function()
    Collector.ReadIdentity()
    return true
  end)
  queueLazy("collect-gear", gearScan)
  Collector.QueueBags()
  queueLazy("collect-quests", questScan)
  ns.Queue("collect-keystone", function()
    Collector.ReadKeystone()
    return true
  end)
  ns.Queue("collect-vault", function()
    Collector.ReadVault()
    return true
  end)
  queueLazy("collect-mounts", mountScan)
  queueLazy("collect-toys", toyScan)
  queueLazy("collect-pets", petScan)
  -- Lockouts arrive with UPDATE_INSTANCE_INFO once asked for.
  ns.Queue("request-raid-info", function()
    RequestRaidInfo()
    return true
  end)
end

-- At logout no frame follows: what is still queued runs now, and the character's
-- own state is read once more (bags, gear, weekly quests change during play).
function Collector.Logout()
  if InCombatLockdown() then return end
  bankOpen = false
  ns.Cancel("collect-bank")
  ns.Cancel("collect-warband")
  ns.Cancel("collect-toys")
  Collector.QueueBags()
  queueLazy("collect-quests", questScan)
  queueLazy("collect-gear", gearScan)
  ns.FlushQueue()
  Collector.ReadIdentity()
  Collector.ReadKeystone()
end

local loggedIn = false
function Collector.Install()
  ns.On("PLAYER_ENTERING_WORLD", function()
    if loggedIn then return end
    loggedIn = true
    Collector.QueueLogin()
  end)
  ns.On("BANKFRAME_OPENED", function()
    bankOpen = true
    Collector.QueueBank()
  end)
  ns.On("BANKFRAME_CLOSED", function()
    -- A scan cut short by the closing bank is dropped: its slots may read empty now.
    bankOpen = false
    ns.Cancel("collect-bank")
    ns.Cancel("collect-warband")
    Collector.QueueBags()
  end)
  ns.On("BAG_UPDATE_DELAYED", function()
    if bankOpen then
      Collector.QueueBank()
      Collector.QueueBags()
    end
  end)
  ns.On("MAIL_CLOSED", function() Collector.QueueBags() end)
  ns.On("WEEKLY_REWARDS_UPDATE", function()
    ns.Queue("collect-vault", function()
      Collector.ReadVault()
      return true
    end)
  end)
  ns.On("UPDATE_INSTANCE_INFO", function()
    ns.Queue("collect-lockouts", function()
      Collector.ReadLockouts()
      return true
    end)
  end)
  ns.On("PLAYER_LOGOUT", Collector.Logout)
end
