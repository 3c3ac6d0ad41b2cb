-- Shipped with the addon until holocron courier writes this file; do not edit.
local _, ns = ...
ns.petNeeds = {
  version = 1,
  generatedAt = nil,
  note = "no pet journal yet: run holocron courier",
  missing = {},
  lowerQuality = {},
  duplicates = {},
}
