/**
 * The lists `holocron todo` merges, each read into the same shape: the
 * hitlist, the shopping list, open logistics jobs, pets to level or upgrade,
 * and the profession weeklies. Values are copper, minutes estimates (README
 * "todo" gives the rules).
 */
import type { Database } from '../db/pool.js';
import { loadMissingUtility, loadShoppingList, type MissingUtility, type ShoppingItem } from './utility.js';

export interface TodoCandidate {
  kind: string;
  /** Name-Realm, the warband, or null for what any character of the account can do (pets). */
  character: string | null;
  what: string;
  why: string;
  reward: string;
  minutes: number;
  value: number;
  /** For --character: the owner who acts, or null for account-wide items. */
  ownerId: number | null;
  account: string | null;
}

/** A hitlist row without an estimate is taken to be half an hour's work. */
export const HITLIST_DEFAULT_MINUTES = 30;
/** A species owned only below rare: what a rare one is worth to the collection (100 gold). */
export const PET_UPGRADE_VALUE = 1_000_000;
export const PET_UPGRADE_MINUTES = 10;
/** A team pet's level: 2 gold each, about 2 minutes each with a carry team. */
export const PET_LEVEL_VALUE = 20_000;
export const PET_LEVEL_MINUTES = 2;
export const RARE_QUALITY = 3;

export async function hitlistCandidates(db: Database): Promise<TodoCandidate[]> {
  const rows = await db.query<{ owner_id: number | null; character: string | null; kind: string | null; what: string; why: string | null; reward: string | null; minutes: number | null; value: number | null; account: string | null }>(
    `SELECT h.owner_id, h.character, h.kind, h.what, h.why, h.reward, h.minutes, h.value, a.name AS account
     FROM holocron.view_hitlist h
     LEFT JOIN holocron.owners o ON o.owner_id = h.owner_id
     LEFT JOIN holocron.accounts a ON a.account_id = o.account_id`,
  );
  return rows.map((r) => ({
    kind: r.kind ?? 'hitlist',
    character: r.character,
    what: r.what,
    why: r.why ?? '',
    reward: r.reward ?? '',
    minutes: r.minutes !== null && r.minutes > 0 ? r.minutes : HITLIST_DEFAULT_MINUTES,
    value: Number(r.value ?? 0),
    ownerId: r.owner_id,
    account: r.account,
  }));
}

function gold(copper: number): string {
  return `${Math.round(copper / 10_000).toLocaleString('en-US')}g`;
}

/** A held treatise is a mail (or a warband bank withdrawal); else a purchase, worth the knowledge less the price. */
export function shoppingCandidate(s: ShoppingItem, account: string | null): TodoCandidate {
  const knowledge = `+${s.knowledge} ${s.profession} knowledge`;
  const base = { kind: 'shopping', character: s.character, why: s.why, ownerId: s.ownerId, account };
  if (s.heldBy !== null) {
    const what = s.heldByKind === 'warband' ? `take ${s.itemName} from the warband bank` : `mail ${s.itemName} from ${s.heldBy}`;
    return { ...base, what, reward: knowledge, minutes: 3, value: s.value };
  }
  if (s.unitPrice === null) {
    return { ...base, what: `order ${s.itemName} from an Inscription crafter`, reward: `${knowledge} (no market price yet)`, minutes: 5, value: s.value };
  }
  return { ...base, what: `buy ${s.itemName} at the auction house`, reward: `${knowledge} for ${gold(s.unitPrice)}`, minutes: 5, value: s.value - s.unitPrice };
}

/** Treatises not held come through the shopping list; a held one only needs using. */
export function weeklyCandidate(m: MissingUtility, account: string | null): TodoCandidate | null {
  if (m.kind === 'treatise' && m.held === 0) return null;
  return {
    kind: 'weekly',
    character: m.character,
    what: m.kind === 'treatise' ? `use ${m.what}` : m.what,
    why: `not done since the ${m.region.toUpperCase()} reset of ${m.weekStart.slice(0, 10)}`,
    reward: `+${m.knowledge} ${m.profession} knowledge`,
    minutes: m.minutes,
    value: m.value,
    ownerId: m.ownerId,
    account,
  };
}

export async function utilityCandidates(db: Database): Promise<TodoCandidate[]> {
  const accounts = new Map(
    (await db.query<{ owner_id: number; account: string }>(
      `SELECT c.owner_id, a.name AS account FROM holocron.characters c JOIN holocron.accounts a USING (account_id)`,
    )).map((r) => [r.owner_id, r.account]),
  );
  const shopping = (await loadShoppingList(db)).map((s) => shoppingCandidate(s, accounts.get(s.ownerId) ?? null));
  const weekly = (await loadMissingUtility(db)).flatMap((m) => weeklyCandidate(m, accounts.get(m.ownerId) ?? null) ?? []);
  return [...shopping, ...weekly];
}

const JOB_VERB: Record<string, string> = { mail: 'mail', sell: 'post at the auction house', vendor: 'sell to a vendor', cage: 'cage', withdraw: 'take from the warband bank' };

/** Mail takes 12 attachments a letter; posting and caging go item by item. */
export function jobMinutes(kind: string, lines: number): number {
  if (kind === 'mail') return 2 * Math.ceil(lines / 12);
  if (kind === 'sell' || kind === 'cage') return Math.max(1, lines);
  return 2;
}

/** One item per open job (its rows share job_key, kind, from and to), worth the market value it moves. */
export async function logisticsCandidates(db: Database): Promise<TodoCandidate[]> {
  const rows = await db.query<{
    kind: string; from_owner_id: number; from_label: string; to_label: string | null; account: string | null; lines: number; items: number; value: number; reasons: string | null; first_item: string | null;
  }>(
    `SELECT q.kind, q.from_owner_id, f.label AS from_label, t.label AS to_label, a.name AS account,
            count(*)::integer AS lines, sum(q.count)::integer AS items,
            coalesce(sum(q.count::bigint * c.market_value), 0)::bigint AS value,
            string_agg(DISTINCT q.reason, '; ') AS reasons,
            min(coalesce(n.name, i.name, '#' || q.item_id)) AS first_item
     FROM holocron.logistics_queue q
     JOIN holocron.owners f ON f.owner_id = q.from_owner_id
     LEFT JOIN holocron.owners t ON t.owner_id = q.to_owner_id
     LEFT JOIN holocron.accounts a ON a.account_id = f.account_id
     LEFT JOIN holocron.characters fc ON fc.owner_id = q.from_owner_id
     LEFT JOIN goblin.view_latest_commodity_stats c ON c.region = coalesce(lower(fc.region), 'us') AND c.item_id = q.item_id AND q.pet_species_id = 0
     LEFT JOIN LATERAL (SELECT name FROM holocron.item_names WHERE item_id = q.item_id AND pet_species_id = q.pet_species_id LIMIT 1) n ON true
     LEFT JOIN goblin.items i ON i.item_id = q.item_id
     WHERE q.status = 'open'
     GROUP BY q.job_key, q.kind, q.from_owner_id, f.label, t.label, a.name`,
  );
  return rows.map((r) => {
    const things = r.lines === 1 ? `${r.items} × ${r.first_item}` : `${r.items} items (${r.lines} kinds)`;
    return {
      kind: 'logistics',
      character: r.from_label,
      what: `${JOB_VERB[r.kind] ?? r.kind} ${things}${r.to_label ? ` to ${r.to_label}` : ''}`,
      why: r.reasons ?? `open ${r.kind} job`,
      reward: r.value > 0 ? `${gold(r.value)} of goods ${r.kind === 'mail' || r.kind === 'withdraw' ? 'moved' : 'sold'}` : 'job done',
      minutes: jobMinutes(r.kind, r.lines),
      value: Number(r.value),
      ownerId: r.from_owner_id,
      account: r.account,
    };
  });
}

const QUALITY = ['poor', 'common', 'uncommon', 'rare', 'epic', 'legendary'];

/** Species the account owns only below rare, and team pets below level 25 (Petweaver). */
export async function petCandidates(db: Database): Promise<TodoCandidate[]> {
  const upgrades = await db.query<{ account: string; species_id: number; name: string | null; best: number }>(
    `SELECT a.name AS account, op.species_id, sp.name, max(op.quality)::integer AS best
     FROM petweaver.owned_pets op
     JOIN holocron.accounts a ON a.account_id = op.account_id
     LEFT JOIN petweaver.species sp ON sp.species_id = op.species_id
     WHERE op.species_id IS NOT NULL AND op.quality IS NOT NULL
     GROUP BY a.name, op.species_id, sp.name
     HAVING max(op.quality) < ${RARE_QUALITY}`,
  );
  const levels = await db.query<{ account: string; pet_guid: string; species_id: number | null; name: string | null; level: number; team: string }>(
    `SELECT DISTINCT ON (op.pet_guid) a.name AS account, op.pet_guid, op.species_id, sp.name, op.level, t.name AS team
     FROM petweaver.team_pets tp
     JOIN petweaver.teams t USING (team_id)
     JOIN petweaver.owned_pets op ON op.pet_guid = tp.pet_guid
     JOIN holocron.accounts a ON a.account_id = op.account_id
     LEFT JOIN petweaver.species sp ON sp.species_id = op.species_id
     WHERE op.level < 25
     ORDER BY op.pet_guid, t.name`,
  );
  const species = (id: number | null, name: string | null) => name ?? `species ${id ?? '?'}`;
  return [
    ...upgrades.map((u) => ({
      kind: 'pet',
      character: null,
      what: `get a rare ${species(u.species_id, u.name)}`,
      why: `owned only as ${QUALITY[u.best] ?? `quality ${u.best}`}`,
      reward: 'a rare pet for the collection and teams',
      minutes: PET_UPGRADE_MINUTES,
      value: PET_UPGRADE_VALUE,
      ownerId: null,
      account: u.account,
    })),
    ...levels.map((l) => ({
      kind: 'pet',
      character: null,
      what: `level ${species(l.species_id, l.name)} from ${l.level} to 25`,
      why: `in team ${l.team}`,
      reward: 'a team at full strength',
      minutes: (25 - l.level) * PET_LEVEL_MINUTES,
      value: (25 - l.level) * PET_LEVEL_VALUE,
      ownerId: null,
      account: l.account,
    })),
  ];
}
