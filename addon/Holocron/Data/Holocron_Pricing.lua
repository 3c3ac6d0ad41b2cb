-- Shipped with the addon until holocron courier writes this file; do not edit.
local _, ns = ...
ns.pricing = {
  version = 1,
  region = nil,
  generatedAt = nil,
  note = "no market data yet: run holocron courier",
  primary = nil,
  count = 0,
  width = 20,
  data = "",
  realms = {},
}
