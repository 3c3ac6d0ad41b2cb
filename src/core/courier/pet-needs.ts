/**
 * Holocron_PetNeeds.lua: per WoW account, the battle-pet species it lacks,
 * holds only below rare, or holds more of than it needs (docs/courier-format.md
 * §3). A journal is per WoW account, so each account gets its own lists; the
 * addon picks the one its character belongs to. Held: the pet journal (the
 * collector's, else DataStore_Pets and Rematch's Sanctuary) plus caged pets in
 * any inventory. Needed: one, or as many pets of the species as saved teams use.
 */
import type { Database } from '../db/pool.js';
import { PET_CAGE_ITEM_ID } from '../inventory/item-link.js';
import { luaNumber, luaString } from './lua-text.js';

export interface PetNeedsFile {
  text: string;
  accounts: number;
  generatedAt: number | null;
  note: string | null;
}

interface AccountNeeds {
  account: string;
  characters: string[];
  missing: number[];
  lowerQuality: Array<[number, number]>;
  duplicates: Array<[number, number, number]>;
}

export async function buildPetNeeds(db: Database): Promise<PetNeedsFile> {
  const [{ species, newest } = { species: 0, newest: null }] = await db.query<{ species: number; newest: Date | null }>(
    `SELECT (SELECT count(*)::int FROM petweaver.species WHERE is_battlepet IS NOT FALSE) AS species,
            (SELECT max(observed_at) FROM petweaver.owned_pets) AS newest`,
  );
  const rows = await db.query<AccountNeeds>(NEEDS_SQL, [PET_CAGE_ITEM_ID]);
  const accounts = rows.filter((r) => r.characters.length > 0 || r.missing.length > 0 || r.lowerQuality.length > 0 || r.duplicates.length > 0);
  const note =
    species === 0
      ? 'no battle-pet species known yet: run holocron seed --only pets'
      : accounts.length === 0
        ? 'no pets known yet: ingest DataStore_Pets, Rematch or Holocron SavedVariables'
        : null;
  const generatedAt = newest ? Math.floor(newest.getTime() / 1000) : null;
  return { text: petNeedsText(accounts, generatedAt, note), accounts: accounts.length, generatedAt, note };
}

const NEEDS_SQL = `
  WITH held AS (
    -- Journal pets with a species, and caged pets in any current inventory.
    SELECT account_id, species_id, quality FROM petweaver.owned_pets WHERE species_id IS NOT NULL
    UNION ALL
    SELECT s.account_id, st.pet_species_id, st.pet_quality
    FROM holocron.item_stacks st JOIN holocron.inventory_snapshots s USING (snapshot_id)
    WHERE st.is_current AND s.is_current AND st.item_id = $1 AND st.pet_species_id IS NOT NULL
  ), team_use AS (
    -- Distinct pets the account's teams use by GUID; slots that name only a species, per team.
    SELECT account_id, species_id, greatest(count(DISTINCT pet_guid), max(species_slots)) AS needed
    FROM (
      SELECT t.account_id, coalesce(tp.species_id, op.species_id) AS species_id, tp.pet_guid,
             count(*) FILTER (WHERE tp.pet_guid IS NULL) OVER (PARTITION BY t.team_id, coalesce(tp.species_id, op.species_id)) AS species_slots
      FROM petweaver.team_pets tp
      JOIN petweaver.teams t USING (team_id)
      LEFT JOIN petweaver.owned_pets op ON op.pet_guid = tp.pet_guid
      WHERE tp.pet_guid IS NOT NULL OR tp.species_id IS NOT NULL
    ) AS used
    WHERE species_id IS NOT NULL
    GROUP BY account_id, species_id
  ), per_species AS (
    SELECT account_id, species_id, count(*)::int AS held, max(quality) AS best FROM held GROUP BY account_id, species_id
  ), accounts AS (
    SELECT DISTINCT account_id FROM per_species
    UNION SELECT account_id FROM holocron.characters
  )
  SELECT a.name AS account,
         coalesce((SELECT array_agg(o.label ORDER BY o.label COLLATE "C") FROM holocron.owners o WHERE o.account_id = a.account_id AND o.kind = 'character'), '{}') AS characters,
         coalesce((SELECT array_agg(sp.species_id ORDER BY sp.species_id) FROM petweaver.species sp
                   WHERE sp.is_battlepet IS NOT FALSE
                     AND NOT EXISTS (SELECT 1 FROM per_species h WHERE h.account_id = a.account_id AND h.species_id = sp.species_id)), '{}') AS missing,
         coalesce((SELECT json_agg(json_build_array(h.species_id, h.best) ORDER BY h.species_id) FROM per_species h
                   WHERE h.account_id = a.account_id AND h.best IS NOT NULL AND h.best < 3), '[]') AS "lowerQuality",
         coalesce((SELECT json_agg(json_build_array(h.species_id, h.held, greatest(1, coalesce(u.needed, 0))) ORDER BY h.species_id)
                   FROM per_species h LEFT JOIN team_use u ON u.account_id = h.account_id AND u.species_id = h.species_id
                   WHERE h.account_id = a.account_id AND h.held > greatest(1, coalesce(u.needed, 0))), '[]') AS duplicates
  FROM accounts x JOIN holocron.accounts a ON a.account_id = x.account_id
  ORDER BY (SELECT count(*) FROM holocron.characters c WHERE c.account_id = a.account_id) DESC, a.name`;

function needsTable(n: AccountNeeds, indent: string): string[] {
  return [
    `${indent}characters = { ${n.characters.map(luaString).join(', ')} },`,
    `${indent}missing = { ${n.missing.join(', ')} },`,
    `${indent}lowerQuality = { ${n.lowerQuality.map(([s, q]) => `[${s}] = ${q}`).join(', ')} },`,
    `${indent}duplicates = { ${n.duplicates.map(([s, held, needed]) => `[${s}] = { ${held}, ${needed} }`).join(', ')} },`,
  ];
}

/** The main account's lists at the top (the addon's default), every account's under `accounts`. */
function petNeedsText(accounts: AccountNeeds[], generatedAt: number | null, note: string | null): string {
  const main = accounts[0] ?? { account: '', characters: [], missing: [], lowerQuality: [], duplicates: [] };
  const lines = [
    'local _, ns = ...',
    'ns.petNeeds = {',
    '  version = 1,',
    `  generatedAt = ${generatedAt === null ? 'nil' : luaNumber(generatedAt)},`,
    `  note = ${note === null ? 'nil' : luaString(note)},`,
    ...needsTable(main, '  '),
    '  accounts = {',
  ];
  for (const account of accounts) lines.push(`    [${luaString(account.account)}] = {`, ...needsTable(account, '      '), '    },');
  lines.push('  },', '}');
  return `${lines.join('\n')}\n`;
}
