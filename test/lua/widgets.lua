-- Widgets of the WoW API stub: frames, buttons, edit boxes, font strings,
-- textures and tooltips, with only the methods the addon uses (an unknown method
-- is an error, as it would be in the client). Widget state lives in a table
-- beside the widget so the widget table itself stays empty, like the client's;
-- fields written onto a "Blizzard" widget (one the stub made) are recorded.
local Widgets = {}

local state = setmetatable({}, { __mode = "k" })
Widgets.state = state
Widgets.blizzardWrites = {}
Widgets.all = {}
Widgets.eventFrames = {}

local methods = {}

local function define(kind, parent, list)
  local m = {}
  if parent then for name, fn in pairs(methods[parent]) do m[name] = fn end end
  for name, fn in pairs(list) do m[name] = fn end
  methods[kind] = m
end

local function s(self) return state[self] end

local function tick(W)
  if W and W.tick then W.tick() end
end

local region = {
  Show = function(self) s(self).shown = true end,
  Hide = function(self)
    local st = s(self)
    local was = st.shown
    st.shown = false
    if was and st.scripts and st.scripts.OnHide then st.scripts.OnHide(self) end
  end,
  SetShown = function(self, shown) if shown then self:Show() else self:Hide() end end,
  IsShown = function(self) return s(self).shown end,
  IsVisible = function(self)
    local st = s(self)
    if not st.shown then return false end
    if st.parent and st.parent ~= Widgets.UIParent then return st.parent:IsVisible() end
    return true
  end,
  SetSize = function(self, w, h) s(self).width, s(self).height = w, h end,
  SetWidth = function(self, w) s(self).width = w end,
  SetHeight = function(self, h) s(self).height = h end,
  GetWidth = function(self) return s(self).width or 0 end,
  GetHeight = function(self) return s(self).height or 0 end,
  SetPoint = function(self, ...) local st = s(self); st.points = st.points or {}; st.points[#st.points + 1] = { ... } end,
  ClearAllPoints = function(self) s(self).points = {} end,
  SetAllPoints = function(self, other) s(self).allPoints = other or true end,
  GetParent = function(self) return s(self).parent end,
  GetName = function(self) return s(self).name end,
  GetObjectType = function(self) return s(self).kind end,
}

define("Region", nil, region)

define("FontString", "Region", {
  SetText = function(self, text) s(self).text = text end,
  GetText = function(self) return s(self).text end,
  SetFormattedText = function(self, fmt, ...) s(self).text = string.format(fmt, ...) end,
  SetTextColor = function(self, r, g, b, a) s(self).color = { r, g, b, a } end,
  SetJustifyH = function(self, j) s(self).justifyH = j end,
  SetFontObject = function(self, f) s(self).font = f end,
  SetWordWrap = function(self, wrap) s(self).wrap = wrap end,
})

define("Texture", "Region", {
  SetColorTexture = function(self, r, g, b, a) s(self).color = { r, g, b, a } end,
  SetTexture = function(self, t) s(self).texture = t end,
  SetAtlas = function(self, a) s(self).atlas = a end,
  SetBlendMode = function(self, mode) s(self).blend = mode end,
  SetVertexColor = function(self, r, g, b, a) s(self).vertex = { r, g, b, a } end,
})

define("Frame", "Region", {
  SetScript = function(self, name, fn) local st = s(self); st.scripts = st.scripts or {}; st.scripts[name] = fn end,
  GetScript = function(self, name) local sc = s(self).scripts; return sc and sc[name] end,
  HookScript = function(self, name, fn)
    local st = s(self)
    st.scripts = st.scripts or {}
    local old = st.scripts[name]
    st.scripts[name] = function(...) if old then old(...) end fn(...) end
  end,
  RegisterEvent = function(self, event)
    local list = Widgets.eventFrames[event] or {}
    Widgets.eventFrames[event] = list
    for _, f in ipairs(list) do if f == self then return end end
    list[#list + 1] = self
  end,
  UnregisterEvent = function(self, event)
    local list = Widgets.eventFrames[event] or {}
    for i = #list, 1, -1 do if list[i] == self then table.remove(list, i) end end
  end,
  SetFrameStrata = function(self, strata) s(self).strata = strata end,
  SetFrameLevel = function(self, level) s(self).level = level end,
  GetFrameLevel = function(self) return s(self).level or 1 end,
  EnableMouse = function(self, on) s(self).mouse = on end,
  EnableMouseWheel = function(self, on) s(self).wheel = on end,
  SetMovable = function(self, on) s(self).movable = on end,
  RegisterForDrag = function(self, ...) s(self).drag = { ... } end,
  StartMoving = function() end,
  StopMovingOrSizing = function() end,
  SetID = function(self, id) s(self).id = id end,
  GetID = function(self) return s(self).id or 0 end,
  CreateFontString = function(self, name, layer, template)
    local fs = Widgets.create("FontString", name, self, template)
    s(fs).layer = layer
    return fs
  end,
  CreateTexture = function(self, name, layer)
    local t = Widgets.create("Texture", name, self)
    s(t).layer = layer
    return t
  end,
  GetChildren = function(self)
    local out = {}
    for _, w in ipairs(Widgets.all) do
      if s(w).parent == self and s(w).kind ~= "FontString" and s(w).kind ~= "Texture" then out[#out + 1] = w end
    end
    return unpack(out)
  end,
})

define("Button", "Frame", {
  SetText = function(self, text) s(self).text = text end,
  GetText = function(self) return s(self).text end,
  Click = function(self, button)
    local sc = s(self).scripts
    if s(self).disabled then return end
    -- A click is the player's hardware event: what runs inside it may call protected functions.
    local W = Widgets.W
    if W then W.hardware = true end
    if sc and sc.OnClick then sc.OnClick(self, button or "LeftButton", true) end
    if W then W.hardware = false end
  end,
  Enable = function(self) s(self).disabled = false end,
  Disable = function(self) s(self).disabled = true end,
  IsEnabled = function(self) return not s(self).disabled end,
  RegisterForClicks = function(self, ...) s(self).clicks = { ... } end,
  SetNormalFontObject = function() end,
})

define("EditBox", "Frame", {
  SetText = function(self, text)
    local st = s(self)
    local changed = st.text ~= text
    st.text = text
    if changed and st.scripts and st.scripts.OnTextChanged then st.scripts.OnTextChanged(self, false) end
  end,
  GetText = function(self) return s(self).text or "" end,
  SetFocus = function(self) s(self).focus = true end,
  ClearFocus = function(self) s(self).focus = false end,
  HasFocus = function(self) return s(self).focus == true end,
  SetAutoFocus = function(self, on) s(self).autoFocus = on end,
  HighlightText = function() end,
  SetMaxLetters = function(self, n) s(self).maxLetters = n end,
})

define("Tooltip", "Frame", {
  AddLine = function(self, text, r, g, b, wrap)
    local st = s(self)
    st.lines[#st.lines + 1] = { text = text, r = r, g = g, b = b, wrap = wrap }
    if st.growsOnAddLine then st.height = (st.height or 0) + 14 end
  end,
  AddDoubleLine = function(self, left, right, ...)
    local st = s(self)
    st.lines[#st.lines + 1] = { text = left, right = right, colors = { ... } }
  end,
  SetText = function(self, text) local st = s(self); st.lines = { { text = text } } end,
  ClearLines = function(self) s(self).lines = {} end,
  NumLines = function(self) return #s(self).lines end,
  SetOwner = function(self, owner, anchor) local st = s(self); st.owner, st.anchor, st.lines = owner, anchor, {} end,
  SetHyperlink = function(self, link) s(self).hyperlink = link end,
})

-- A widget: an empty table whose methods come from its kind.
function Widgets.create(kind, name, parent, template, blizzard)
  local m = methods[kind]
  if not m then error("stub: CreateFrame of unknown type " .. tostring(kind), 3) end
  local w = {}
  state[w] = { kind = kind, name = name, parent = parent, template = template, shown = true, lines = {}, blizzard = blizzard }
  setmetatable(w, {
    __index = function(_, key)
      local fn = m[key]
      if fn then
        return function(...)
          tick(Widgets.W)
          return fn(...)
        end
      end
      if template == "BackdropTemplate" and (key == "SetBackdrop" or key == "SetBackdropColor" or key == "SetBackdropBorderColor") then
        return function(self, v) s(self)[key] = v end
      end
      return nil
    end,
    __newindex = function(t, key, value)
      if state[t].blizzard then
        Widgets.blizzardWrites[#Widgets.blizzardWrites + 1] = (state[t].name or kind) .. "." .. tostring(key)
      end
      rawset(t, key, value)
    end,
  })
  Widgets.all[#Widgets.all + 1] = w
  if name then _G[name] = w end
  return w
end

-- A frame of the client's own UI: the addon must not write fields onto it.
function Widgets.blizzard(kind, name, parent)
  return Widgets.create(kind, name, parent, nil, true)
end

-- Fields the client's code sets on its own frames (bypasses the write log).
function Widgets.set(w, key, value)
  rawset(w, key, value)
end

return Widgets
