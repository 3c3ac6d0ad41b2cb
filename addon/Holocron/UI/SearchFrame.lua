local addonName, ns = ...

-- /holo <text>: a window with a search box and a scrolling list of what
-- `holocron search` would list. It searches as you type; Escape closes it.
-- `/holo jobs` lists this character's open jobs instead (JobList.lua).
local SearchFrame = {}
ns.SearchFrame = SearchFrame

local Text = ns.Text
local ROWS, ROW_HEIGHT, WIDTH = 22, 16, 560
local QUALITY_COLOURS = {
  [0] = "9d9d9d", "ffffff", "1eff00", "0070dd", "a335ee", "ff8000", "e6cc80", "00ccff",
}

local frame, input, status
local rows = {}
local lines = {}
local offset = 0

-- The result as list lines: { text, itemId?, speciesId? }.
function SearchFrame.Lines(result)
  local out = {}
  for _, hit in ipairs(result.hits) do
    local colour = QUALITY_COLOURS[hit.quality or 1] or "ffffff"
    local name = hit.name or ("item " .. hit.itemId)
    local id = hit.petSpeciesId and hit.petSpeciesId > 0 and string.format("%d, species %d", hit.itemId, hit.petSpeciesId)
      or tostring(hit.itemId)
    out[#out + 1] = {
      text = string.format("|cff%s%s|r (%s): %s", colour, name, id, Text.Number(hit.total)),
      itemId = hit.itemId,
      speciesId = hit.petSpeciesId,
    }
    for _, place in ipairs(hit.places) do
      out[#out + 1] = { text = string.format("    %s, %s: %s", place.owner, place.place, Text.Number(place.count)) }
    end
    if hit.morePlaces > 0 then
      local word = hit.morePlaces == 1 and "place" or "places"
      out[#out + 1] = { text = string.format("    … and %s more %s", Text.Number(hit.morePlaces), word) }
    elseif #hit.places == 0 then
      out[#out + 1] = { text = "    held nowhere" }
    end
  end
  return out
end

local function render()
  for i = 1, ROWS do
    local line = lines[offset + i]
    rows[i].line = line
    rows[i].label:SetText(line and line.text or "")
    if line then rows[i]:Show() else rows[i]:Hide() end
  end
end

local function scroll(delta)
  local maxOffset = math.max(0, #lines - ROWS)
  offset = math.min(maxOffset, math.max(0, offset - delta))
  render()
end
SearchFrame.Scroll = scroll

function SearchFrame.Update(text)
  offset = 0
  local index = ns.Index.Current()
  if not index or #index.items == 0 then
    lines = {}
    status:SetText(index and index.note or "No inventory data yet: run holocron courier.")
  elseif Text.Trim(text or ""):lower() == "jobs" then
    lines = ns.JobList.Lines()
    local n = ns.JobList.Count()
    status:SetText(n == 0 and "No open jobs for this character." or string.format("%d open %s", n, n == 1 and "job" or "jobs"))
  elseif Text.Trim(text or "") == "" then
    lines = {}
    status:SetText("Type a name, an item id, or paste a link.")
  else
    local result = ns.Search.Run(text)
    lines = SearchFrame.Lines(result)
    local n = #result.hits
    status:SetText(n == 0 and "Nothing found." or string.format("%d %s", n, n == 1 and "item" or "items"))
  end
  render()
end

local function showTooltip(row)
  local line = row.line
  if not line or not line.itemId then return end
  GameTooltip:SetOwner(row, "ANCHOR_RIGHT")
  if line.itemId == ns.PET_CAGE and line.speciesId and line.speciesId > 0 then
    GameTooltip:SetText(line.text)
    for _, extra in ipairs(ns.Tooltip.PetLines(line.speciesId)) do
      GameTooltip:AddLine(extra.text, extra.r, extra.g, extra.b, true)
    end
  else
    GameTooltip:SetHyperlink("item:" .. line.itemId)
  end
  GameTooltip:Show()
end

local function create()
  frame = CreateFrame("Frame", "HolocronSearchFrame", UIParent, "BackdropTemplate")
  frame:SetSize(WIDTH, 92 + ROWS * ROW_HEIGHT)
  frame:SetPoint("CENTER")
  frame:SetFrameStrata("DIALOG")
  frame:SetBackdrop({
    bgFile = "Interface\\Tooltips\\UI-Tooltip-Background",
    edgeFile = "Interface\\Tooltips\\UI-Tooltip-Border",
    edgeSize = 16,
    insets = { left = 4, right = 4, top = 4, bottom = 4 },
  })
  frame:SetBackdropColor(0, 0, 0, 0.92)
  frame:EnableMouse(true)
  frame:SetMovable(true)
  frame:RegisterForDrag("LeftButton")
  frame:SetScript("OnDragStart", frame.StartMoving)
  frame:SetScript("OnDragStop", frame.StopMovingOrSizing)
  frame:EnableMouseWheel(true)
  frame:SetScript("OnMouseWheel", function(_, delta) scroll(delta * 3) end)
  frame:Hide()
  -- Escape closes frames listed here (the client's own mechanism, no key binding needed).
  table.insert(UISpecialFrames, "HolocronSearchFrame")

  local title = frame:CreateFontString(nil, "OVERLAY", "GameFontNormalLarge")
  title:SetPoint("TOPLEFT", 14, -12)
  title:SetText("Holocron search")

  local close = CreateFrame("Button", nil, frame, "UIPanelCloseButton")
  close:SetPoint("TOPRIGHT", -4, -4)

  input = CreateFrame("EditBox", nil, frame, "InputBoxTemplate")
  input:SetSize(WIDTH - 40, 22)
  input:SetPoint("TOPLEFT", 20, -36)
  input:SetAutoFocus(false)
  input:SetScript("OnTextChanged", function(self, userInput)
    if userInput then SearchFrame.Update(self:GetText()) end
  end)
  input:SetScript("OnEscapePressed", function() frame:Hide() end)
  input:SetScript("OnEnterPressed", function(self) self:ClearFocus() end)
  input:SetScript("OnArrowPressed", function(_, key)
    if key == "UP" then scroll(1) elseif key == "DOWN" then scroll(-1) end
  end)

  status = frame:CreateFontString(nil, "OVERLAY", "GameFontDisableSmall")
  status:SetPoint("TOPLEFT", 16, -62)

  for i = 1, ROWS do
    local row = CreateFrame("Button", nil, frame)
    row:SetSize(WIDTH - 32, ROW_HEIGHT)
    row:SetPoint("TOPLEFT", 16, -76 - (i - 1) * ROW_HEIGHT)
    local label = row:CreateFontString(nil, "OVERLAY", "GameFontHighlightSmall")
    label:SetAllPoints(row)
    label:SetJustifyH("LEFT")
    row.label = label
    row:SetScript("OnEnter", showTooltip)
    row:SetScript("OnLeave", function() GameTooltip:Hide() end)
    rows[i] = row
  end
  SearchFrame.frame, SearchFrame.input, SearchFrame.status, SearchFrame.rows = frame, input, status, rows
end

function SearchFrame.Open(text)
  if not frame then create() end
  ns.Search.PrepareInBackground()
  frame:Show()
  input:SetText(Text.Trim(text or ""))
  SearchFrame.Update(input:GetText())
  input:SetFocus()
end
