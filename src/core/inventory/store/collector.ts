/**
 * What Holocron's collector saves beyond inventories, into skillweaver,
 * petweaver and holocron. Each part of each character replaces what is stored
 * only when it was read later: an old HolocronDB.lua never undoes a newer one.
 */
import type pg from 'pg';
import type { CollectorFacts } from '../model.js';
import type { Owners } from './owners.js';
import { applyOwnedPets } from './pets.js';

export async function applyCollector(tx: pg.PoolClient, owners: Owners, facts: CollectorFacts): Promise<void> {
  for (const gear of facts.gear) await applyGear(tx, await owners.owner(gear.ref), gear);
  for (const vault of facts.vaults) await applyVault(tx, await owners.owner(vault.ref), vault);
  for (const lockouts of facts.lockouts) await applyLockouts(tx, await owners.owner(lockouts.ref), lockouts);
  for (const key of facts.keystones) {
    await tx.query(
      `INSERT INTO skillweaver.keystones AS k (owner_id, map_id, challenge_map_id, level, observed_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (owner_id) DO UPDATE SET map_id = EXCLUDED.map_id, challenge_map_id = EXCLUDED.challenge_map_id, level = EXCLUDED.level, observed_at = EXCLUDED.observed_at
       WHERE EXCLUDED.observed_at > k.observed_at`,
      [await owners.owner(key.ref), key.mapId ?? null, key.challengeMapId ?? null, key.level ?? null, time(key.observedAt)],
    );
  }
  for (const quests of facts.quests) {
    await tx.query(
      `INSERT INTO holocron.weekly_quests_done AS q (owner_id, quest_ids, observed_at) VALUES ($1, $2, $3)
       ON CONFLICT (owner_id) DO UPDATE SET quest_ids = EXCLUDED.quest_ids, observed_at = EXCLUDED.observed_at
       WHERE EXCLUDED.observed_at > q.observed_at`,
      [await owners.owner(quests.ref), [...new Set(quests.done)].sort((a, b) => a - b), time(quests.observedAt)],
    );
  }
  for (const collection of facts.collections) {
    await tx.query(
      `INSERT INTO holocron.account_collections AS c (account_id, kind, ids, observed_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (account_id, kind) DO UPDATE SET ids = EXCLUDED.ids, observed_at = EXCLUDED.observed_at
       WHERE EXCLUDED.observed_at > c.observed_at`,
      [await owners.account(collection.account), collection.kind, [...new Set(collection.ids)].sort((a, b) => a - b), time(collection.observedAt)],
    );
  }
  for (const journal of facts.journals) await applyJournal(tx, owners, journal);
  for (const reset of facts.resets) {
    await tx.query(
      `INSERT INTO ops.reset_observations AS r (region, owner_id, next_reset_at, observed_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (region, owner_id) DO UPDATE SET next_reset_at = EXCLUDED.next_reset_at, observed_at = EXCLUDED.observed_at
       WHERE EXCLUDED.observed_at > r.observed_at`,
      [reset.region, await owners.owner(reset.ref), time(reset.nextResetAt), time(reset.observedAt)],
    );
  }
}

async function applyGear(tx: pg.PoolClient, ownerId: number, gear: CollectorFacts['gear'][number]): Promise<void> {
  const claimed = await tx.query(
    `UPDATE holocron.characters SET average_item_level = $2, equipped_item_level = $3, gear_observed_at = $4
     WHERE owner_id = $1 AND (gear_observed_at IS NULL OR gear_observed_at < $4)`,
    [ownerId, gear.averageItemLevel ?? null, gear.equippedItemLevel ?? null, time(gear.observedAt)],
  );
  if (claimed.rowCount === 0) return;
  await tx.query('DELETE FROM skillweaver.equipped_items WHERE owner_id = $1', [ownerId]);
  if (gear.slots.length === 0) return;
  await tx.query(
    `INSERT INTO skillweaver.equipped_items (owner_id, slot, item_id, link, item_level, observed_at)
     SELECT $1, * FROM unnest($2::smallint[], $3::int[], $4::text[], $5::smallint[]), LATERAL (SELECT $6::timestamptz) AS t`,
    [ownerId, gear.slots.map((s) => s.slot), gear.slots.map((s) => s.itemId), gear.slots.map((s) => s.link), gear.slots.map((s) => s.itemLevel ?? null), time(gear.observedAt)],
  );
}

async function applyVault(tx: pg.PoolClient, ownerId: number, vault: CollectorFacts['vaults'][number]): Promise<void> {
  const claimed = await tx.query(
    `INSERT INTO skillweaver.vault_status AS v (owner_id, has_rewards, observed_at) VALUES ($1, $2, $3)
     ON CONFLICT (owner_id) DO UPDATE SET has_rewards = EXCLUDED.has_rewards, observed_at = EXCLUDED.observed_at
     WHERE EXCLUDED.observed_at > v.observed_at`,
    [ownerId, vault.hasRewards ?? null, time(vault.observedAt)],
  );
  if (claimed.rowCount === 0) return;
  await tx.query('DELETE FROM skillweaver.vault_activities WHERE owner_id = $1', [ownerId]);
  if (vault.activities.length === 0) return;
  const a = vault.activities;
  await tx.query(
    `INSERT INTO skillweaver.vault_activities (owner_id, activity_type, activity_index, threshold, progress, level, activity_id, observed_at)
     SELECT DISTINCT ON (u.activity_type, u.activity_index) $1, u.*, $8::timestamptz
     FROM unnest($2::text[], $3::smallint[], $4::int[], $5::int[], $6::int[], $7::int[]) AS u (activity_type, activity_index, threshold, progress, level, activity_id)`,
    [ownerId, a.map((x) => x.type), a.map((x) => x.index), a.map((x) => x.threshold), a.map((x) => x.progress), a.map((x) => x.level ?? null), a.map((x) => x.id ?? null), time(vault.observedAt)],
  );
}

async function applyLockouts(tx: pg.PoolClient, ownerId: number, lockouts: CollectorFacts['lockouts'][number]): Promise<void> {
  // A dump is the character's whole list: older than what is stored → ignored; newer → replaces it.
  const newest = await tx.query<{ at: Date | null }>('SELECT max(observed_at) AS at FROM skillweaver.lockouts WHERE owner_id = $1', [ownerId]);
  const storedAt = newest.rows[0]?.at?.getTime();
  if (storedAt !== undefined && storedAt >= lockouts.observedAt * 1000) return;
  await tx.query('DELETE FROM skillweaver.lockouts WHERE owner_id = $1', [ownerId]);
  const l = lockouts.list;
  if (l.length === 0) return;
  await tx.query(
    `INSERT INTO skillweaver.lockouts
       (owner_id, instance_id, difficulty_id, instance_name, lockout_id, resets_at, locked, extended, is_raid, max_players, encounters, encounters_killed, observed_at)
     SELECT DISTINCT ON (u.instance_id, u.difficulty_id) $1, u.*, $13::timestamptz
     FROM unnest($2::int[], $3::int[], $4::text[], $5::bigint[], $6::timestamptz[], $7::boolean[], $8::boolean[], $9::boolean[], $10::int[], $11::int[], $12::int[])
       AS u (instance_id, difficulty_id, instance_name, lockout_id, resets_at, locked, extended, is_raid, max_players, encounters, encounters_killed)`,
    [
      ownerId,
      l.map((x) => x.instanceId),
      l.map((x) => x.difficultyId),
      l.map((x) => x.name),
      l.map((x) => x.lockoutId ?? null),
      l.map((x) => time(x.resetsAt)),
      l.map((x) => x.locked),
      l.map((x) => x.extended),
      l.map((x) => x.isRaid),
      l.map((x) => x.maxPlayers ?? null),
      l.map((x) => x.encounters ?? null),
      l.map((x) => x.encountersKilled ?? null),
      time(lockouts.observedAt),
    ],
  );
}

/**
 * The journal is the account's whole list of pets: a newer one replaces the
 * pets the collector reported before (a pet released or caged is gone from it);
 * pets known only from other sources (Rematch's Sanctuary) stay.
 */
async function applyJournal(tx: pg.PoolClient, owners: Owners, journal: CollectorFacts['journals'][number]): Promise<void> {
  const accountId = await owners.account(journal.account);
  const claimed = await tx.query(
    `INSERT INTO petweaver.journal_snapshots AS j (account_id, pets, observed_at) VALUES ($1, $2, $3)
     ON CONFLICT (account_id) DO UPDATE SET pets = EXCLUDED.pets, observed_at = EXCLUDED.observed_at
     WHERE EXCLUDED.observed_at > j.observed_at`,
    [accountId, journal.pets.length, time(journal.observedAt)],
  );
  if (claimed.rowCount === 0) return;
  await tx.query(`DELETE FROM petweaver.owned_pets WHERE account_id = $1 AND source = 'holocron' AND NOT (pet_guid = ANY($2))`, [accountId, journal.pets.map((p) => p.guid)]);
  await applyOwnedPets(tx, owners, journal.pets, journal.observedAt, 'holocron');
}

function time(seconds: number): Date {
  return new Date(seconds * 1000);
}
