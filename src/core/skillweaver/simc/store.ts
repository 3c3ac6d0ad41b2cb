/**
 * Writes one verified /simc export: the character it names (found or
 * created), the raw text, and its item lines. The same export twice is one
 * row: (owner, SHA-256) is unique.
 */
import type pg from 'pg';
import { findOrCreateCharacter } from './character.js';
import type { SimcExport, SimcItem } from './model.js';

export interface StoredProfile {
  character: string;
  ownerId: number;
  /** Undefined when this exact export was stored before. */
  profileId?: number;
  createdCharacter: boolean;
  knownFrom: 'addon' | 'simc';
  equipped: number;
  bags: number;
  vault: number;
}

export interface ProfileSource {
  rawText: string;
  sha256: Buffer;
  observedAt: Date;
  sourcePath: string;
  account: { name: string; explicit: boolean };
}

export async function storeSimcProfile(tx: pg.PoolClient, exp: SimcExport, source: ProfileSource): Promise<StoredProfile> {
  const character = await findOrCreateCharacter(tx, exp, source.account);
  const base = {
    character: character.label,
    ownerId: character.ownerId,
    createdCharacter: character.created,
    knownFrom: character.knownFrom,
    equipped: exp.equipped.length,
    bags: exp.bags.length,
    vault: exp.vault.length,
  };
  const inserted = await tx.query<{ profile_id: number }>(
    `INSERT INTO skillweaver.simc_profiles
       (owner_id, sha256, raw_text, checksum, addon_version, wow_version, class, spec, level, race, region, server, realm,
        role, talents, exported_local, observed_at, source_path, details)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
     ON CONFLICT (owner_id, sha256) DO NOTHING
     RETURNING profile_id`,
    [
      character.ownerId,
      source.sha256,
      source.rawText,
      exp.checksum,
      exp.addonVersion ?? null,
      exp.wowVersion === undefined ? null : `${exp.wowVersion}.${exp.wowBuild}`,
      exp.className,
      exp.spec ?? null,
      exp.level ?? null,
      exp.race ?? null,
      exp.region ?? exp.header?.region ?? null,
      exp.server ?? null,
      exp.header?.realm ?? null,
      exp.role ?? null,
      exp.talents ?? null,
      exp.header ? `${exp.header.exportedLocal}:00` : null,
      source.observedAt,
      source.sourcePath,
      JSON.stringify(details(exp)),
    ],
  );
  const profileId = inserted.rows[0]?.profile_id;
  if (profileId === undefined) return base;
  await storeItems(tx, profileId, exp);
  return { ...base, profileId };
}

function details(exp: SimcExport): Record<string, unknown> {
  return {
    header: exp.header ?? null,
    characterName: exp.characterName,
    lootSpec: exp.lootSpec ?? null,
    professions: exp.professions,
    loadouts: exp.loadouts,
    options: exp.options,
    additional: exp.additional,
    notes: exp.notes,
  };
}

async function storeItems(tx: pg.PoolClient, profileId: number, exp: SimcExport): Promise<void> {
  const rows: Array<{ section: string; position: number; item: SimcItem }> = [];
  for (const section of ['equipped', 'bags', 'vault'] as const) exp[section].forEach((item, position) => rows.push({ section, position, item }));
  if (rows.length === 0) return;
  const ints = (list: number[]) => `{${list.join(',')}}`;
  await tx.query(
    `INSERT INTO skillweaver.simc_items
       (profile_id, section, position, slot, item_id, name, item_level, bonus_ids, enchant_id, gem_ids, crafted_stats, drop_level, options, line)
     SELECT $1, s, p, sl, id, n, il, b::int[], e, g::int[], c::int[], d, o::jsonb, l
     FROM unnest($2::text[], $3::int[], $4::text[], $5::int[], $6::text[], $7::int[], $8::text[], $9::int[], $10::text[], $11::text[], $12::int[], $13::text[], $14::text[])
       AS u (s, p, sl, id, n, il, b, e, g, c, d, o, l)`,
    [
      profileId,
      rows.map((r) => r.section),
      rows.map((r) => r.position),
      rows.map((r) => r.item.slot),
      rows.map((r) => r.item.itemId),
      rows.map((r) => r.item.name ?? null),
      // smallint: an item level the column cannot hold is left out rather than refusing the export.
      rows.map((r) => (r.item.itemLevel !== undefined && r.item.itemLevel <= 32767 ? r.item.itemLevel : null)),
      rows.map((r) => ints(r.item.bonusIds)),
      rows.map((r) => r.item.enchantId ?? null),
      rows.map((r) => ints(r.item.gemIds)),
      rows.map((r) => ints(r.item.craftedStats)),
      rows.map((r) => r.item.dropLevel ?? null),
      rows.map((r) => JSON.stringify(r.item.options)),
      rows.map((r) => r.item.line),
    ],
  );
}
