/**
 * Journal pets and saved teams into petweaver. A team set (all teams of one
 * Rematch version on one account) is replaced whole by a newer file: a team
 * deleted in game disappears, and an older file never brings it back.
 */
import type pg from 'pg';
import type { OwnedPet, TeamSet } from '../model.js';
import type { Owners } from './owners.js';

export async function applyOwnedPets(tx: pg.PoolClient, owners: Owners, pets: readonly OwnedPet[], observedAt: number, source: string): Promise<number> {
  if (pets.length === 0) return 0;
  const byGuid = new Map<string, OwnedPet>();
  for (const pet of pets) byGuid.set(pet.guid, { ...byGuid.get(pet.guid), ...pet });
  const list = [...byGuid.values()];
  const accountIds = [];
  for (const pet of list) accountIds.push(await owners.account(pet.account));
  const n = (pick: (p: OwnedPet) => number | undefined) => list.map((p) => pick(p) ?? null);
  const result = await tx.query(
    `INSERT INTO petweaver.owned_pets AS o (pet_guid, account_id, species_id, creature_id, level, quality, max_health, power, speed, source, observed_at)
     SELECT u.*, $10, $11 FROM unnest($1::text[], $2::int[], $3::int[], $4::int[], $5::smallint[], $6::smallint[], $7::int[], $8::int[], $9::int[])
       AS u (pet_guid, account_id, species_id, creature_id, level, quality, max_health, power, speed)
     ON CONFLICT (pet_guid) DO UPDATE SET
       account_id = EXCLUDED.account_id,
       species_id = coalesce(EXCLUDED.species_id, o.species_id),
       creature_id = coalesce(EXCLUDED.creature_id, o.creature_id),
       level = coalesce(EXCLUDED.level, o.level),
       quality = coalesce(EXCLUDED.quality, o.quality),
       max_health = coalesce(EXCLUDED.max_health, o.max_health),
       power = coalesce(EXCLUDED.power, o.power),
       speed = coalesce(EXCLUDED.speed, o.speed),
       source = EXCLUDED.source,
       observed_at = EXCLUDED.observed_at
     WHERE EXCLUDED.observed_at >= o.observed_at`,
    [
      list.map((p) => p.guid),
      accountIds,
      n((p) => p.speciesId),
      n((p) => p.creatureId),
      n((p) => p.level),
      n((p) => p.quality),
      n((p) => p.maxHealth),
      n((p) => p.power),
      n((p) => p.speed),
      source,
      new Date(observedAt * 1000),
    ],
  );
  return result.rowCount ?? 0;
}

export interface TeamSetOutcome {
  source: string;
  teams: number;
  applied: boolean;
}

export async function applyTeamSet(tx: pg.PoolClient, owners: Owners, set: TeamSet, fileId: number | null): Promise<TeamSetOutcome> {
  const accountId = await owners.account(set.account);
  const at = new Date(set.observedAt * 1000);
  const claimed = await tx.query(
    `INSERT INTO petweaver.team_sets AS t (account_id, source, observed_at, file_id) VALUES ($1, $2, $3, $4)
     ON CONFLICT (account_id, source) DO UPDATE SET observed_at = EXCLUDED.observed_at, file_id = EXCLUDED.file_id
     WHERE EXCLUDED.observed_at > t.observed_at
     RETURNING account_id`,
    [accountId, set.source, at, fileId],
  );
  if (claimed.rowCount === 0) return { source: set.source, teams: set.teams.length, applied: false };
  await tx.query('DELETE FROM petweaver.teams WHERE account_id = $1 AND source = $2', [accountId, set.source]);
  for (const team of set.teams) {
    const inserted = await tx.query<{ team_id: number }>(
      `INSERT INTO petweaver.teams (account_id, source, team_key, name, group_name, notes, target_npc_ids)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (account_id, source, team_key) DO NOTHING
       RETURNING team_id`,
      [accountId, set.source, team.key, team.name, team.group ?? null, team.notes ?? null, team.targetNpcIds],
    );
    const teamId = inserted.rows[0]?.team_id;
    if (teamId === undefined || team.pets.length === 0) continue;
    await tx.query(
      `INSERT INTO petweaver.team_pets (team_id, slot, pet_guid, species_id, ability_ids, placeholder, pet_tag)
       SELECT $1, u.slot, u.pet_guid, u.species_id, string_to_array(u.abilities, ',')::int[], u.placeholder, u.pet_tag
       FROM unnest($2::smallint[], $3::text[], $4::int[], $5::text[], $6::text[], $7::text[]) AS u (slot, pet_guid, species_id, abilities, placeholder, pet_tag)`,
      [
        teamId,
        team.pets.map((p) => p.slot),
        team.pets.map((p) => p.guid ?? null),
        team.pets.map((p) => p.speciesId ?? null),
        team.pets.map((p) => p.abilityIds.join(',')),
        team.pets.map((p) => p.placeholder ?? null),
        team.pets.map((p) => p.tag ?? null),
      ],
    );
  }
  return { source: set.source, teams: set.teams.length, applied: true };
}
