/**
 * Writes one read's LogDigest into skillweaver (0016), inside the file's
 * transaction. Every write is keyed by what it describes (the pull, the run,
 * the player and the moment), so reading the same lines again — a grown log
 * re-read from the start of a pull that was still running — changes nothing.
 */
import type pg from 'pg';
import type { GearItem } from './events.js';
import type { Death, GearSnapshot, LogDigest } from './digest.js';

export interface CombatLogCounts {
  encounters: number;
  kills: number;
  runs: number;
  deaths: number;
  gearSnapshots: number;
  players: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

export async function storeDigest(tx: pg.PoolClient, digest: LogDigest, logFileId: number): Promise<CombatLogCounts> {
  await storePlayers(tx, digest);
  const counts: CombatLogCounts = { encounters: 0, kills: 0, runs: 0, deaths: 0, gearSnapshots: 0, players: digest.names.size };
  const runPks: number[] = [];
  for (const run of digest.runs) {
    const { rows } = await tx.query<{ run_pk: number }>(
      `INSERT INTO skillweaver.challenge_runs (challenge_mode_id, instance_id, zone_name, keystone_level, affix_ids, started_at, duration_ms, in_time, log_file_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (challenge_mode_id, started_at) DO UPDATE SET duration_ms = EXCLUDED.duration_ms, in_time = EXCLUDED.in_time
       RETURNING run_pk`,
      [run.challengeModeId, run.instanceId, run.zoneName, run.keystoneLevel, run.affixes, iso(run.startedAt), run.durationMs, run.inTime, logFileId],
    );
    const runPk = rows[0]!.run_pk;
    runPks.push(runPk);
    await addPlayers(tx, 'run_players', 'run_pk', runPk, run.players);
    await addDeaths(tx, run.deaths, { run_pk: runPk });
    counts.runs += 1;
  }
  for (const encounter of digest.encounters) {
    const { rows } = await tx.query<{ encounter_pk: number }>(
      `INSERT INTO skillweaver.encounters (encounter_id, encounter_name, difficulty_id, group_size, instance_id, started_at, duration_ms, success, log_file_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (encounter_id, difficulty_id, started_at) DO UPDATE SET duration_ms = EXCLUDED.duration_ms, success = EXCLUDED.success
       RETURNING encounter_pk`,
      [encounter.encounterId, encounter.name, encounter.difficultyId, encounter.groupSize, encounter.instanceId, iso(encounter.startedAt), encounter.durationMs, encounter.success, logFileId],
    );
    const encounterPk = rows[0]!.encounter_pk;
    await addPlayers(tx, 'encounter_players', 'encounter_pk', encounterPk, encounter.players);
    await addDeaths(tx, encounter.deaths, { encounter_pk: encounterPk });
    counts.encounters += 1;
    if (encounter.success) counts.kills += 1;
  }
  counts.gearSnapshots = await storeGear(tx, digest.gear, logFileId);
  // A death on a boss inside a key is in both lists: count it once.
  counts.deaths = new Set([...digest.runs, ...digest.encounters].flatMap((e) => e.deaths.map((d) => `${d.guid}@${d.at}`))).size;
  return counts;
}

/** Name-Realm-REGION (11.x+) or Name-Realm; realms may hold hyphens (Azjol-Nerub). */
export function splitPlayerName(full: string): { name: string; realm: string | null; region: string | null } {
  const parts = full.split('-');
  const region = parts.length >= 3 && /^(US|EU|KR|TW|CN)$/.test(parts.at(-1)!) ? parts.pop()!.toLowerCase() : null;
  const name = parts.shift()!;
  return { name, realm: parts.length ? parts.join('-') : null, region };
}

/** Named players, and every other GUID in a group (so the views list them by GUID until a name turns up). */
async function storePlayers(tx: pg.PoolClient, digest: LogDigest): Promise<void> {
  const players = [...digest.names.values()].map((p) => ({ guid: p.guid, at: iso(p.at), ...splitPlayerName(p.name) }));
  const unnamed = new Set<string>();
  for (const group of [...digest.encounters, ...digest.runs]) for (const guid of group.players) if (!digest.names.has(guid)) unnamed.add(guid);
  for (const snapshot of digest.gear) if (!digest.names.has(snapshot.guid)) unnamed.add(snapshot.guid);
  if (unnamed.size > 0) {
    await tx.query(
      `INSERT INTO skillweaver.log_players (guid, seen_at) SELECT unnest($1::text[]), $2 ON CONFLICT (guid) DO NOTHING`,
      [[...unnamed], iso(digest.lastAt ?? Date.now())],
    );
  }
  if (players.length === 0) return;
  await tx.query(
    `INSERT INTO skillweaver.log_players (guid, name, realm, region, seen_at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[])
     ON CONFLICT (guid) DO UPDATE SET name = EXCLUDED.name, realm = EXCLUDED.realm, region = coalesce(EXCLUDED.region, log_players.region), seen_at = EXCLUDED.seen_at
     WHERE EXCLUDED.seen_at >= log_players.seen_at OR log_players.name IS NULL`,
    [players.map((p) => p.guid), players.map((p) => p.name), players.map((p) => p.realm), players.map((p) => p.region), players.map((p) => p.at)],
  );
}

async function addPlayers(tx: pg.PoolClient, table: 'run_players' | 'encounter_players', key: 'run_pk' | 'encounter_pk', pk: number, guids: Set<string>): Promise<void> {
  if (guids.size === 0) return;
  await tx.query(`INSERT INTO skillweaver.${table} (${key}, guid) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`, [pk, [...guids]]);
}

/** A death on a boss inside a key belongs to both: whichever is written second fills in its own column. */
async function addDeaths(tx: pg.PoolClient, deaths: Death[], owner: { run_pk?: number; encounter_pk?: number }): Promise<void> {
  if (deaths.length === 0) return;
  await tx.query(
    `INSERT INTO skillweaver.deaths (guid, died_at, encounter_pk, run_pk)
     SELECT g, t, $3::bigint, $4::bigint FROM unnest($1::text[], $2::timestamptz[]) AS d (g, t)
     ON CONFLICT (guid, died_at) DO UPDATE SET encounter_pk = coalesce(deaths.encounter_pk, EXCLUDED.encounter_pk), run_pk = coalesce(deaths.run_pk, EXCLUDED.run_pk)`,
    [deaths.map((d) => d.guid), deaths.map((d) => iso(d.at)), owner.encounter_pk ?? null, owner.run_pk ?? null],
  );
}

/**
 * The character sheet's equipped item level: 16 slots (not shirt, tabard or the
 * old ranged slot), a main hand with no off hand counted twice.
 */
export function equippedItemLevel(items: GearItem[]): number | null {
  const worn = items.filter((i) => i.slot <= 17 && i.slot !== 4);
  if (worn.length === 0) return null;
  let sum = worn.reduce((s, i) => s + i.itemLevel, 0);
  const mainHand = worn.find((i) => i.slot === 16);
  if (mainHand && !worn.some((i) => i.slot === 17)) sum += mainHand.itemLevel;
  return Math.round((sum / 16) * 100) / 100;
}

/** Snapshots whose gear equals the player's newest stored one before them are not stored again. */
async function storeGear(tx: pg.PoolClient, gear: GearSnapshot[], logFileId: number): Promise<number> {
  if (gear.length === 0) return 0;
  const guids = [...new Set(gear.map((g) => g.guid))];
  const earliest = Math.min(...gear.map((g) => g.at));
  const { rows } = await tx.query<{ guid: string; signature: string }>(
    `SELECT DISTINCT ON (guid) guid, signature FROM skillweaver.gear_snapshots
     WHERE guid = ANY($1) AND observed_at < $2 ORDER BY guid, observed_at DESC`,
    [guids, iso(earliest)],
  );
  const previous = new Map(rows.map((r) => [r.guid, r.signature]));
  let stored = 0;
  for (const snapshot of gear) {
    if (previous.get(snapshot.guid) === snapshot.signature) continue;
    previous.set(snapshot.guid, snapshot.signature);
    const inserted = await tx.query<{ snapshot_pk: number }>(
      `INSERT INTO skillweaver.gear_snapshots (guid, observed_at, spec_id, equipped_item_level, signature, log_file_id)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (guid, observed_at) DO NOTHING RETURNING snapshot_pk`,
      [snapshot.guid, iso(snapshot.at), snapshot.specId, equippedItemLevel(snapshot.items), snapshot.signature, logFileId],
    );
    const pk = inserted.rows[0]?.snapshot_pk;
    if (pk === undefined) continue;
    const items = snapshot.items;
    await tx.query(
      `INSERT INTO skillweaver.gear_snapshot_items (snapshot_pk, slot, item_id, item_level, enchant_id, bonus_ids, gems)
       SELECT $1, s, i, l, e, string_to_array(b, ',')::int[], string_to_array(g, ',')::int[]
       FROM unnest($2::smallint[], $3::int[], $4::smallint[], $5::int[], $6::text[], $7::text[]) AS x (s, i, l, e, b, g)`,
      [pk, items.map((i) => i.slot), items.map((i) => i.itemId), items.map((i) => i.itemLevel), items.map((i) => i.enchantId), items.map((i) => i.bonusIds.join(',')), items.map((i) => i.gems.join(','))],
    );
    stored += 1;
  }
  return stored;
}
