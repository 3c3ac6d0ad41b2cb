-- Shipped with the addon until holocron courier writes this file; do not edit.
local _, ns = ...
ns.index = {
  version = 1,
  generatedAt = nil,
  note = "no inventory yet: run holocron courier",
  sources = {},
  owners = {},
  items = {},
  jobs = {},
}
