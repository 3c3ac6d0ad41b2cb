/**
 * Finds or creates the rows behind accounts, characters, guilds and warbands,
 * within one file's transaction. Character identity is the player GUID when a
 * file gives one, else account + realm + name; a GUID met under a new name is
 * the same character renamed or transferred, and its row follows.
 */
import type pg from 'pg';
import { characterLabel, realmKey, type CharacterRef, type GuildRef, type OwnerRef, type WarbandRef } from '../model.js';

export class Owners {
  private readonly accounts = new Map<string, number>();
  private readonly owners = new Map<string, number>();
  readonly notes: string[] = [];

  constructor(private readonly tx: pg.PoolClient) {}

  async account(name: string): Promise<number> {
    const cached = this.accounts.get(name);
    if (cached !== undefined) return cached;
    const rows = await this.tx.query<{ account_id: number }>(
      `WITH inserted AS (
         INSERT INTO holocron.accounts (name) VALUES ($1) ON CONFLICT (name) DO NOTHING RETURNING account_id
       )
       SELECT account_id FROM inserted
       UNION ALL
       SELECT account_id FROM holocron.accounts WHERE name = $1`,
      [name],
    );
    const id = rows.rows[0]!.account_id;
    this.accounts.set(name, id);
    return id;
  }

  /**
   * Resolves many characters at once: those already stored under the same
   * GUID or name are looked up in one query, new ones are created in two
   * statements. Anything unusual (a rename, a GUID under another name) is
   * left to owner(), one character at a time. A file of 50 characters took
   * ~200 round trips before.
   */
  async prefetchCharacters(refs: readonly CharacterRef[]): Promise<void> {
    const pending = new Map<string, CharacterRef>();
    for (const ref of refs) if (!this.owners.has(ownerKey(ref))) pending.set(ownerKey(ref), ref);
    if (pending.size === 0) return;
    const wanted = [...pending.values()];
    for (const name of new Set(wanted.map((ref) => ref.account))) await this.account(name);
    const accountIds = wanted.map((ref) => this.accounts.get(ref.account)!);
    const found = await this.tx.query<{ owner_id: number; account_id: number; realm_key: string; lname: string; name: string; realm: string; guid: string | null }>(
      `SELECT c.owner_id, c.account_id, c.realm_key, lower(c.name) AS lname, c.name, c.realm, c.guid
       FROM holocron.characters c
       WHERE c.guid = ANY($1::text[])
          OR (c.account_id, c.realm_key, lower(c.name)) IN (SELECT * FROM unnest($2::int[], $3::text[], $4::text[]))`,
      [wanted.flatMap((r) => (r.guid ? [r.guid] : [])), accountIds, wanted.map((r) => realmKey(r.realm)), wanted.map((r) => r.name.toLowerCase())],
    );
    const fresh: Array<{ ref: CharacterRef; accountId: number }> = [];
    wanted.forEach((ref, i) => {
      const accountId = accountIds[i]!;
      const rows = found.rows.filter((row) => (ref.guid && row.guid === ref.guid) || (row.account_id === accountId && row.realm_key === realmKey(ref.realm) && row.lname === ref.name.toLowerCase()));
      if (rows.length === 0) fresh.push({ ref, accountId });
      // The plain case: one row, same name and account, and no GUID disagreement.
      else if (rows.length === 1 && rows[0]!.account_id === accountId && rows[0]!.name === ref.name && realmKey(rows[0]!.realm) === realmKey(ref.realm) && (!ref.guid || rows[0]!.guid === ref.guid)) {
        this.owners.set(ownerKey(ref), rows[0]!.owner_id);
      }
    });
    if (fresh.length === 0) return;
    const ids = await this.tx.query<{ id: number }>(
      `SELECT nextval(pg_get_serial_sequence('holocron.owners', 'owner_id'))::int AS id FROM generate_series(1, $1)`,
      [fresh.length],
    );
    const ownerIds = ids.rows.map((r) => r.id);
    await this.tx.query(
      `INSERT INTO holocron.owners (owner_id, kind, label, account_id) OVERRIDING SYSTEM VALUE
       SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::int[])`,
      [ownerIds, fresh.map(() => 'character'), fresh.map((f) => characterLabel(f.ref.name, f.ref.realm)), fresh.map((f) => f.accountId)],
    );
    await this.tx.query(
      `INSERT INTO holocron.characters (owner_id, account_id, guid, name, realm, realm_key)
       SELECT * FROM unnest($1::int[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[])`,
      [ownerIds, fresh.map((f) => f.accountId), fresh.map((f) => f.ref.guid ?? null), fresh.map((f) => f.ref.name), fresh.map((f) => f.ref.realm), fresh.map((f) => realmKey(f.ref.realm))],
    );
    fresh.forEach((f, i) => this.owners.set(ownerKey(f.ref), ownerIds[i]!));
  }

  async owner(ref: OwnerRef): Promise<number> {
    const key = ownerKey(ref);
    const cached = this.owners.get(key);
    if (cached !== undefined) return cached;
    const id = ref.kind === 'character' ? await this.character(ref) : ref.kind === 'guild' ? await this.guild(ref) : await this.warband(ref);
    this.owners.set(key, id);
    return id;
  }

  private async character(ref: CharacterRef): Promise<number> {
    const accountId = await this.account(ref.account);
    const key = realmKey(ref.realm);
    if (ref.guid) {
      const byGuid = await this.tx.query<{ owner_id: number; name: string; realm: string; account_id: number }>(
        'SELECT owner_id, name, realm, account_id FROM holocron.characters WHERE guid = $1',
        [ref.guid],
      );
      const found = byGuid.rows[0];
      if (found) {
        if (found.name !== ref.name || realmKey(found.realm) !== key || found.account_id !== accountId) {
          await this.follow(found.owner_id, ref, accountId);
        }
        return found.owner_id;
      }
    }
    const byName = await this.tx.query<{ owner_id: number; guid: string | null }>(
      'SELECT owner_id, guid FROM holocron.characters WHERE account_id = $1 AND realm_key = $2 AND lower(name) = lower($3)',
      [accountId, key, ref.name],
    );
    const named = byName.rows[0];
    if (named) {
      if (ref.guid && named.guid !== ref.guid) {
        if (named.guid) this.notes.push(`${characterLabel(ref.name, ref.realm)}: GUID changed from ${named.guid} to ${ref.guid} (deleted and recreated?); kept as one character`);
        await this.tx.query('UPDATE holocron.characters SET guid = $2 WHERE owner_id = $1', [named.owner_id, ref.guid]);
      }
      return named.owner_id;
    }
    const ownerId = await this.insertOwner('character', characterLabel(ref.name, ref.realm), accountId);
    await this.tx.query(
      `INSERT INTO holocron.characters (owner_id, account_id, guid, name, realm, realm_key)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [ownerId, accountId, ref.guid ?? null, ref.name, ref.realm, key],
    );
    return ownerId;
  }

  /** Rename or transfer: the GUID's row takes the new name unless another row already has it. */
  private async follow(ownerId: number, ref: CharacterRef, accountId: number): Promise<void> {
    const clash = await this.tx.query<{ owner_id: number }>(
      'SELECT owner_id FROM holocron.characters WHERE account_id = $1 AND realm_key = $2 AND lower(name) = lower($3) AND owner_id <> $4',
      [accountId, realmKey(ref.realm), ref.name, ownerId],
    );
    if (clash.rows.length > 0) {
      this.notes.push(`${characterLabel(ref.name, ref.realm)}: GUID ${ref.guid} belongs to another stored character; merge them by hand if they are one`);
      return;
    }
    const old = await this.tx.query<{ label: string }>('SELECT label FROM holocron.owners WHERE owner_id = $1', [ownerId]);
    const label = characterLabel(ref.name, ref.realm);
    await this.tx.query('UPDATE holocron.characters SET name = $2, realm = $3, realm_key = $4, account_id = $5 WHERE owner_id = $1', [
      ownerId,
      ref.name,
      ref.realm,
      realmKey(ref.realm),
      accountId,
    ]);
    await this.tx.query('UPDATE holocron.owners SET label = $2, account_id = $3 WHERE owner_id = $1', [ownerId, label, accountId]);
    this.notes.push(`${old.rows[0]?.label ?? '?'} is now ${label} (same GUID ${ref.guid})`);
  }

  private async guild(ref: GuildRef): Promise<number> {
    const key = realmKey(ref.realm);
    const found = await this.tx.query<{ owner_id: number; realm: string }>(
      'SELECT owner_id, realm FROM holocron.guilds WHERE realm_key = $1 AND lower(name) = lower($2)',
      [key, ref.name],
    );
    const row = found.rows[0];
    if (row) {
      // Prefer the spaced realm name ("Twisting Nether") over the normalised one.
      if (!row.realm.includes(' ') && ref.realm.includes(' ')) await this.tx.query('UPDATE holocron.guilds SET realm = $2 WHERE owner_id = $1', [row.owner_id, ref.realm]);
      return row.owner_id;
    }
    const ownerId = await this.insertOwner('guild', ref.name, null);
    await this.tx.query('INSERT INTO holocron.guilds (owner_id, name, realm, realm_key) VALUES ($1, $2, $3, $4)', [ownerId, ref.name, ref.realm, key]);
    return ownerId;
  }

  private async warband(ref: WarbandRef): Promise<number> {
    const accountId = await this.account(ref.account);
    const found = await this.tx.query<{ owner_id: number }>('SELECT owner_id FROM holocron.warbands WHERE account_id = $1', [accountId]);
    if (found.rows[0]) return found.rows[0].owner_id;
    const ownerId = await this.insertOwner('warband', 'Warband', accountId);
    await this.tx.query('INSERT INTO holocron.warbands (owner_id, account_id) VALUES ($1, $2)', [ownerId, accountId]);
    return ownerId;
  }

  private async insertOwner(kind: OwnerRef['kind'], label: string, accountId: number | null): Promise<number> {
    const rows = await this.tx.query<{ owner_id: number }>('INSERT INTO holocron.owners (kind, label, account_id) VALUES ($1, $2, $3) RETURNING owner_id', [
      kind,
      label,
      accountId,
    ]);
    return rows.rows[0]!.owner_id;
  }
}

function ownerKey(ref: OwnerRef): string {
  if (ref.kind === 'character') return `c\0${ref.account}\0${realmKey(ref.realm)}\0${ref.name.toLowerCase()}\0${ref.guid ?? ''}`;
  if (ref.kind === 'guild') return `g\0${realmKey(ref.realm)}\0${ref.name.toLowerCase()}`;
  return `w\0${ref.account}`;
}
