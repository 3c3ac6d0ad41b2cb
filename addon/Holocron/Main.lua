local addonName, ns = ...

-- Wiring: the saved variables exist from ADDON_LOADED on; hooks and the
-- inventory's search order are set up at PLAYER_LOGIN, behind the loading screen.
ns.On("ADDON_LOADED", function(_, name)
  if name == addonName then ns.Collector.Init() end
end)

ns.On("PLAYER_LOGIN", function()
  ns.Tooltip.Install()
  ns.Mail.Install()
  ns.Highlight.Install()
  ns.Vendor.Install()
  ns.Cage.Install()
  ns.PetJournal.Install()
  -- The name order now, behind the loading screen; the typo index over the
  -- next frames, so /holo and HolocronAPI.Search never wait for it.
  ns.Search.Prepare()
  ns.Search.PrepareInBackground()
end)

ns.Collector.Install()

SLASH_HOLOCRON1 = "/holo"
SlashCmdList.HOLOCRON = function(text)
  ns.SearchFrame.Open(text)
end
