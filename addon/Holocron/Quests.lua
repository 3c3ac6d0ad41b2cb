local addonName, ns = ...

-- Weekly quests whose completion the collector saves (HolocronDB …quests.done):
-- profession knowledge that resets each week, for The War Within and Midnight.
-- Kinds: "treatise" (turn in the week's treatise), "weekly" (the trainer's or
-- Artisan's Consortium quest; some professions offer several, of which one counts),
-- "treasure" (the two weekly knowledge treasures), "gathering" (knowledge items
-- from nodes or disenchanting; several flags per item).
-- Facts gathered from DennisRas/WeeklyKnowledge v1.4.0 (Data/Objectives, Aug 2026,
-- toc 120100); check new patches against it.
--
-- { quest id, expansion, profession skill line id, kind }
local QUESTS = {
  -- The War Within alchemy
  { 83725, "tww", 171, "treatise" },
  { 84133, "tww", 171, "weekly" },
  { 83253, "tww", 171, "treasure" },
  { 83255, "tww", 171, "treasure" },
  -- The War Within blacksmithing
  { 83726, "tww", 164, "treatise" },
  { 84127, "tww", 164, "weekly" },
  { 83256, "tww", 164, "treasure" },
  { 83257, "tww", 164, "treasure" },
  -- The War Within enchanting
  { 83727, "tww", 333, "treatise" },
  { 84084, "tww", 333, "weekly" },
  { 84085, "tww", 333, "weekly" },
  { 84086, "tww", 333, "weekly" },
  { 83258, "tww", 333, "treasure" },
  { 83259, "tww", 333, "treasure" },
  { 84290, "tww", 333, "gathering" },
  { 84291, "tww", 333, "gathering" },
  { 84292, "tww", 333, "gathering" },
  { 84293, "tww", 333, "gathering" },
  { 84294, "tww", 333, "gathering" },
  { 84295, "tww", 333, "gathering" },
  -- The War Within engineering
  { 83728, "tww", 202, "treatise" },
  { 84128, "tww", 202, "weekly" },
  { 83260, "tww", 202, "treasure" },
  { 83261, "tww", 202, "treasure" },
  -- The War Within herbalism
  { 83729, "tww", 182, "treatise" },
  { 82916, "tww", 182, "weekly" },
  { 82958, "tww", 182, "weekly" },
  { 82962, "tww", 182, "weekly" },
  { 82965, "tww", 182, "weekly" },
  { 82970, "tww", 182, "weekly" },
  { 81416, "tww", 182, "gathering" },
  { 81417, "tww", 182, "gathering" },
  { 81418, "tww", 182, "gathering" },
  { 81419, "tww", 182, "gathering" },
  { 81420, "tww", 182, "gathering" },
  { 81421, "tww", 182, "gathering" },
  -- The War Within inscription
  { 83730, "tww", 773, "treatise" },
  { 84129, "tww", 773, "weekly" },
  { 83262, "tww", 773, "treasure" },
  { 83264, "tww", 773, "treasure" },
  -- The War Within jewelcrafting
  { 83731, "tww", 755, "treatise" },
  { 84130, "tww", 755, "weekly" },
  { 83265, "tww", 755, "treasure" },
  { 83266, "tww", 755, "treasure" },
  -- The War Within leatherworking
  { 83732, "tww", 165, "treatise" },
  { 84131, "tww", 165, "weekly" },
  { 83267, "tww", 165, "treasure" },
  { 83268, "tww", 165, "treasure" },
  -- The War Within mining
  { 83733, "tww", 186, "treatise" },
  { 83102, "tww", 186, "weekly" },
  { 83103, "tww", 186, "weekly" },
  { 83104, "tww", 186, "weekly" },
  { 83105, "tww", 186, "weekly" },
  { 83106, "tww", 186, "weekly" },
  { 83049, "tww", 186, "gathering" },
  { 83050, "tww", 186, "gathering" },
  { 83051, "tww", 186, "gathering" },
  { 83052, "tww", 186, "gathering" },
  { 83053, "tww", 186, "gathering" },
  { 83054, "tww", 186, "gathering" },
  -- The War Within skinning
  { 83734, "tww", 393, "treatise" },
  { 82992, "tww", 393, "weekly" },
  { 82993, "tww", 393, "weekly" },
  { 83097, "tww", 393, "weekly" },
  { 83098, "tww", 393, "weekly" },
  { 83100, "tww", 393, "weekly" },
  { 81459, "tww", 393, "gathering" },
  { 81460, "tww", 393, "gathering" },
  { 81461, "tww", 393, "gathering" },
  { 81462, "tww", 393, "gathering" },
  { 81463, "tww", 393, "gathering" },
  { 81464, "tww", 393, "gathering" },
  -- The War Within tailoring
  { 83735, "tww", 197, "treatise" },
  { 84132, "tww", 197, "weekly" },
  { 83269, "tww", 197, "treasure" },
  { 83270, "tww", 197, "treasure" },
  -- Midnight alchemy
  { 95127, "midnight", 171, "treatise" },
  { 93690, "midnight", 171, "weekly" },
  { 93528, "midnight", 171, "treasure" },
  { 93529, "midnight", 171, "treasure" },
  -- Midnight blacksmithing
  { 95128, "midnight", 164, "treatise" },
  { 93691, "midnight", 164, "weekly" },
  { 93530, "midnight", 164, "treasure" },
  { 93531, "midnight", 164, "treasure" },
  -- Midnight enchanting
  { 95129, "midnight", 333, "treatise" },
  { 93697, "midnight", 333, "weekly" },
  { 93698, "midnight", 333, "weekly" },
  { 93699, "midnight", 333, "weekly" },
  { 93532, "midnight", 333, "treasure" },
  { 93533, "midnight", 333, "treasure" },
  { 95048, "midnight", 333, "gathering" },
  { 95049, "midnight", 333, "gathering" },
  { 95050, "midnight", 333, "gathering" },
  { 95051, "midnight", 333, "gathering" },
  { 95052, "midnight", 333, "gathering" },
  { 95053, "midnight", 333, "gathering" },
  -- Midnight engineering
  { 95138, "midnight", 202, "treatise" },
  { 93692, "midnight", 202, "weekly" },
  { 93534, "midnight", 202, "treasure" },
  { 93535, "midnight", 202, "treasure" },
  -- Midnight herbalism
  { 95130, "midnight", 182, "treatise" },
  { 93700, "midnight", 182, "weekly" },
  { 93701, "midnight", 182, "weekly" },
  { 93702, "midnight", 182, "weekly" },
  { 93703, "midnight", 182, "weekly" },
  { 93704, "midnight", 182, "weekly" },
  { 81425, "midnight", 182, "gathering" },
  { 81426, "midnight", 182, "gathering" },
  { 81427, "midnight", 182, "gathering" },
  { 81428, "midnight", 182, "gathering" },
  { 81429, "midnight", 182, "gathering" },
  { 81430, "midnight", 182, "gathering" },
  -- Midnight inscription
  { 95131, "midnight", 773, "treatise" },
  { 93693, "midnight", 773, "weekly" },
  { 93536, "midnight", 773, "treasure" },
  { 93537, "midnight", 773, "treasure" },
  -- Midnight jewelcrafting
  { 95133, "midnight", 755, "treatise" },
  { 93694, "midnight", 755, "weekly" },
  { 93538, "midnight", 755, "treasure" },
  { 93539, "midnight", 755, "treasure" },
  -- Midnight leatherworking
  { 95134, "midnight", 165, "treatise" },
  { 93695, "midnight", 165, "weekly" },
  { 93540, "midnight", 165, "treasure" },
  { 93541, "midnight", 165, "treasure" },
  -- Midnight mining
  { 95135, "midnight", 186, "treatise" },
  { 93705, "midnight", 186, "weekly" },
  { 93706, "midnight", 186, "weekly" },
  { 93707, "midnight", 186, "weekly" },
  { 93708, "midnight", 186, "weekly" },
  { 93709, "midnight", 186, "weekly" },
  { 88673, "midnight", 186, "gathering" },
  { 88674, "midnight", 186, "gathering" },
  { 88675, "midnight", 186, "gathering" },
  { 88676, "midnight", 186, "gathering" },
  { 88677, "midnight", 186, "gathering" },
  { 88678, "midnight", 186, "gathering" },
  -- Midnight skinning
  { 95136, "midnight", 393, "treatise" },
  { 93710, "midnight", 393, "weekly" },
  { 93711, "midnight", 393, "weekly" },
  { 93712, "midnight", 393, "weekly" },
  { 93713, "midnight", 393, "weekly" },
  { 93714, "midnight", 393, "weekly" },
  { 88529, "midnight", 393, "gathering" },
  { 88530, "midnight", 393, "gathering" },
  { 88534, "midnight", 393, "gathering" },
  { 88536, "midnight", 393, "gathering" },
  { 88537, "midnight", 393, "gathering" },
  { 88549, "midnight", 393, "gathering" },
  -- Midnight tailoring
  { 95137, "midnight", 197, "treatise" },
  { 93696, "midnight", 197, "weekly" },
  { 93542, "midnight", 197, "treasure" },
  { 93543, "midnight", 197, "treasure" },
}

ns.WEEKLY_QUEST_INFO = QUESTS

local ids = {}
for i, row in ipairs(QUESTS) do ids[i] = row[1] end
table.sort(ids)
ns.WEEKLY_QUESTS = ids
