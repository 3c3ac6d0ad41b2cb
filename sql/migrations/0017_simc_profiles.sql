-- 0017_simc_profiles: SimulationCraft addon exports (/simc) per character, with
-- history, and the character rows that only such an export has ever named.
-- Safe while jobs run (new tables, a new column with a constant default, a trigger
-- that only touches that column).

-- Where a character row came from. 'simc': a pasted /simc export named someone no
-- SavedVariables file has shown (an alt on another machine, a guildmate's paste).
-- The first addon file that sees the character (it sets last_seen_at; SimC
-- never does) makes the row an ordinary one.
ALTER TABLE holocron.characters
  ADD COLUMN known_from text NOT NULL DEFAULT 'addon' CHECK (known_from IN ('addon', 'simc'));

CREATE FUNCTION holocron.characters_seen_by_addon() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.known_from := 'addon';
  RETURN NEW;
END $$;

CREATE TRIGGER characters_seen_by_addon
  BEFORE UPDATE OF last_seen_at ON holocron.characters
  FOR EACH ROW WHEN (NEW.known_from = 'simc' AND NEW.last_seen_at IS NOT NULL)
  EXECUTE FUNCTION holocron.characters_seen_by_addon();

-- One row per distinct export. The raw text is kept whole: it is what Raidbots
-- takes, checksum and all, and a later reader can parse more of it. The
-- header's date is the player's wall clock without a zone, so ordering uses
-- observed_at (the file's modification time, or when stdin was read).
CREATE TABLE skillweaver.simc_profiles (
  profile_id      integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  owner_id        integer NOT NULL REFERENCES holocron.characters ON DELETE CASCADE,
  sha256          bytea NOT NULL,
  raw_text        text NOT NULL,
  checksum        text NOT NULL,           -- the export's own "# Checksum:" (adler32, hex)
  addon_version   text,
  wow_version     text,
  class           text NOT NULL,           -- SimC token: deathknight, demonhunter …
  spec            text,
  level           integer,
  race            text,                    -- SimC token: night_elf, zandalari_troll …
  region          text,
  server          text,                    -- SimC token of the realm: twisting_nether
  realm           text,                    -- the realm as the header names it: Twisting Nether
  role            text,
  talents         text,
  exported_local  timestamp,               -- the header's date, player's local clock
  observed_at     timestamptz NOT NULL,
  source_path     text NOT NULL,           -- the file, or '-' for stdin
  details         jsonb NOT NULL,          -- loadouts, professions, additional character info …
  ingested_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (owner_id, sha256)
);
CREATE INDEX simc_profiles_newest ON skillweaver.simc_profiles (owner_id, observed_at DESC, profile_id DESC);

-- The item lines of a profile: worn ("equipped"), "bags" (### Gear from Bags)
-- and "vault" (### Weekly Reward Choices). `line` is the item string exactly as
-- the export wrote it (without the leading "# " of bag and vault lines), so a
-- profile rebuilt from here prints the addon's own text.
CREATE TABLE skillweaver.simc_items (
  profile_id     integer NOT NULL REFERENCES skillweaver.simc_profiles ON DELETE CASCADE,
  section        text NOT NULL CHECK (section IN ('equipped', 'bags', 'vault')),
  position       smallint NOT NULL,      -- order within the section
  slot           text NOT NULL,          -- SimC slot: head, finger1, main_hand …
  item_id        integer NOT NULL,
  name           text,                   -- from the "# Name (ilvl)" comment above the line
  item_level     smallint,
  bonus_ids      integer[] NOT NULL DEFAULT '{}',
  enchant_id     integer,
  gem_ids        integer[] NOT NULL DEFAULT '{}',
  crafted_stats  integer[] NOT NULL DEFAULT '{}',
  drop_level     integer,
  options        jsonb NOT NULL,         -- every key=value of the line, known or not
  line           text NOT NULL,
  PRIMARY KEY (profile_id, section, position)
);
