/**
 * `holocron simc <Name-Realm>`: the character by the names a /simc export
 * carries — UTF-8, any case, the realm with or without its spaces and
 * apostrophes ("Pølsefatter-ArgentDawn", "raider-zul'jin", "战神阿瑞斯-燃烧之刃").
 * Rows that are one character seen twice (an addon's row and one a SimC export
 * made before the addon saw it) are taken together.
 */
import type { Database } from '../../db/pool.js';
import { UsageError } from '../../errors.js';
import { realmKey } from '../../inventory/model.js';

export interface FoundCharacter {
  label: string;
  ownerIds: number[];
  knownFrom: 'addon' | 'simc';
  name: string;
  realm: string;
  region: string | null;
  className: string | null;
  level: number | null;
}

interface Row {
  owner_id: number;
  label: string;
  name: string;
  realm: string;
  realm_key: string;
  region: string | null;
  class: string | null;
  level: number | null;
  known_from: 'addon' | 'simc';
}

export async function findCharacter(db: Database, text: string, region?: string): Promise<FoundCharacter> {
  const wanted = text.trim().normalize('NFC');
  if (wanted === '') throw new UsageError('name a character: Name-Realm');
  const dash = wanted.indexOf('-');
  const name = (dash < 0 ? wanted : wanted.slice(0, dash)).trim();
  const realm = dash < 0 ? null : realmKey(wanted.slice(dash + 1));
  const rows = await db.query<Row>(
    `SELECT c.owner_id, o.label, c.name, c.realm, c.realm_key, c.region, c.class, c.level, c.known_from
     FROM holocron.characters c JOIN holocron.owners o USING (owner_id)
     WHERE lower(c.name) = lower($1) AND ($2::text IS NULL OR c.realm_key = $2)
       AND ($3::text IS NULL OR c.region IS NULL OR c.region = $3)
     ORDER BY c.known_from = 'simc', c.owner_id`,
    [name, realm, region ?? null],
  );
  const groups = groupByIdentity(rows);
  if (groups.length === 1) return found(groups[0]!);
  if (groups.length > 1) {
    const named = groups.map((g) => `${g[0]!.label}${g[0]!.region ? ` (${g[0]!.region})` : ''}`).join(', ');
    throw new UsageError(`'${text.trim()}' could be ${named}: give Name-Realm${groups.some((g) => g[0]!.region) ? ' and --region' : ''}`);
  }
  throw new UsageError(`no character '${text.trim()}'; ${await nearMatches(db, name, realm)}`);
}

/** One character per name + realm + region; addon rows first within it. Rows of an unknown region join the one that knows it. */
function groupByIdentity(rows: Row[]): Row[][] {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const key = `${row.realm_key}\0${row.name.toLowerCase()}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  const result: Row[][] = [];
  for (const group of groups.values()) {
    const regions = [...new Set(group.map((r) => r.region).filter((r): r is string => r !== null))];
    if (regions.length <= 1) result.push(group);
    else for (const region of regions) result.push(group.filter((r) => r.region === region || r.region === null));
  }
  return result;
}

function found(group: Row[]): FoundCharacter {
  const first = group[0]!;
  return {
    label: first.label,
    ownerIds: group.map((r) => r.owner_id),
    knownFrom: group.some((r) => r.known_from === 'addon') ? 'addon' : 'simc',
    name: first.name,
    realm: first.realm,
    region: group.find((r) => r.region)?.region ?? null,
    className: group.find((r) => r.class)?.class ?? null,
    level: first.level,
  };
}

/** The closest names (edit distance on the name, the same realm first), for the error. */
async function nearMatches(db: Database, name: string, realm: string | null): Promise<string> {
  const all = await db.query<{ label: string; name: string; realm_key: string }>(
    'SELECT o.label, c.name, c.realm_key FROM holocron.characters c JOIN holocron.owners o USING (owner_id)',
  );
  if (all.length === 0) return 'no characters are known yet (holocron ingest a /simc export or the SavedVariables)';
  const wanted = name.toLowerCase();
  const scored = all
    .map((c) => ({ label: c.label, score: distance(wanted, c.name.toLowerCase()) + (realm && c.realm_key !== realm ? 2 : 0) }))
    .sort((a, b) => a.score - b.score || a.label.localeCompare(b.label));
  const close = scored.filter((c) => c.score <= Math.max(3, Math.ceil(wanted.length / 2))).slice(0, 5);
  return close.length ? `near matches: ${close.map((c) => c.label).join(', ')}` : `known characters: ${scored.slice(0, 10).map((c) => c.label).join(', ')}${scored.length > 10 ? ', …' : ''}`;
}

/** Levenshtein distance over code points (names are short). */
function distance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let previous = Array.from({ length: y.length + 1 }, (_, i) => i);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1)));
    previous = current;
  }
  return previous[y.length]!;
}
