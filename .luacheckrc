-- luacheck addon/ — the addon is plain Lua 5.1 run by the WoW client (12.x).
std = "lua51"
max_line_length = 140
-- Every file starts `local addonName, ns = ...` (the client's varargs), used or not.
ignore = { "211/addonName" }

-- What the addon defines: its SavedVariables, its public API and its slash command.
globals = {
  "HolocronDB",
  "HolocronAPI",
  "SLASH_HOLOCRON1",
  "SlashCmdList",
}

-- The client's API the addon reads (docs: ../shared/reference/wow-addon.md).
read_globals = {
  -- frames, events, time
  "CreateFrame", "UIParent", "UISpecialFrames", "DEFAULT_CHAT_FRAME", "EventRegistry",
  "InCombatLockdown", "debugprofilestop", "GetServerTime", "hooksecurefunc", "Enum",
  "C_AddOns", "C_DateAndTime",
  -- character
  "UnitName", "UnitGUID", "UnitClass", "UnitLevel", "GetRealmName", "GetRealmID", "GetNormalizedRealmName",
  "GetCurrentRegion", "C_SpecializationInfo", "GetInventoryItemLink", "GetAverageItemLevel",
  -- items, bags, banks
  "C_Item", "ItemLocation", "C_Container", "C_Bank", "C_TransmogCollection",
  "ContainerFrameUtil_EnumerateContainerFrames",
  -- vault, lockouts, keystone, quests, collections
  "C_WeeklyRewards", "GetNumSavedInstances", "GetSavedInstanceInfo", "RequestRaidInfo", "C_MythicPlus",
  "C_QuestLog", "C_MountJournal", "C_PetJournal", "C_ToyBox", "ToyBox", "PlayerHasToy", "GetNumExpansions",
  "PetJournalPetCard", "PetJournal_UpdatePetCard",
  -- tooltips
  "TooltipDataProcessor", "TooltipUtil", "GameTooltip", "ItemRefTooltip",
  "BattlePetToolTip_Show", "BattlePetTooltip", "FloatingBattlePet_Show", "FloatingBattlePetTooltip",
  -- mail
  "MailFrame", "SendMailFrame", "SendMailNameEditBox", "SendMailSubjectEditBox", "HasSendMailItem",
  "ClickSendMailItemButton", "ATTACHMENTS_MAX_SEND",
  -- merchant
  "MerchantFrame", "BUYBACK_ITEMS_PER_PAGE",
  -- other addons
  "Baganator",
}

-- The courier writes these; a pricing record string is one very long line.
files["addon/Holocron/Data/*.lua"] = { max_line_length = false }
