/**
 * Holocron_Index.lua: what the account holds, per item, for `/holo` and the
 * tooltips (docs/courier-format.md §2) — the same totals, names and biggest
 * places `holocron search` answers with, plus the open logistics jobs per
 * character. Read from holocron.current_item_totals and current_places, the
 * tables search reads.
 */
import type { Database } from '../db/pool.js';
import { PLACES_ONE_ITEM } from '../inventory/search-caps.js';
import { luaNumber, luaString } from './lua-text.js';

/** Items per generated function: keeps each function far below Lua 5.1's constant limit. */
export const ITEMS_PER_FUNCTION = 2000;

/** Job items per generated function, for the same reason (a vendor job of a hoarder's bags can be long). */
export const JOB_ITEMS_PER_FUNCTION = 2000;

export interface IndexFile {
  text: string;
  items: number;
  places: number;
  jobs: number;
  /** Newest time an addon saw any of it (Unix seconds), or null without inventory. */
  generatedAt: number | null;
  note: string | null;
}

interface ItemRow {
  item_id: number;
  pet_species_id: number;
  name: string | null;
  alias: string | null;
  quality: number | null;
  total: number;
  place_count: number;
  places: Array<{ owner: number; location: string; container: number; count: number; name: string | null }>;
}

export async function buildIndex(db: Database): Promise<IndexFile> {
  const owners = await db.query<{ owner_id: number; label: string }>(
    // Every owner that holds something or has a job, in a stable order.
    `SELECT o.owner_id, o.label FROM holocron.owners o
     WHERE EXISTS (SELECT 1 FROM holocron.current_places p WHERE p.owner_id = o.owner_id)
        OR EXISTS (SELECT 1 FROM holocron.logistics_queue q WHERE q.status = 'open' AND o.owner_id IN (q.from_owner_id, q.to_owner_id))
     ORDER BY o.label COLLATE "C", o.owner_id`,
  );
  const ownerIndex = new Map(owners.map((o, i) => [o.owner_id, i + 1]));
  const items = await db.query<ItemRow>(ITEMS_SQL, [PLACES_ONE_ITEM]);
  const sources = await db.query<{ account: string; file: string; seen_at: Date }>(SOURCES_SQL);
  const jobs = await db.query<JobRow>(JOBS_SQL);
  const generatedAt = sources.length ? Math.max(...sources.map((s) => Math.floor(s.seen_at.getTime() / 1000))) : null;
  // Which characters pg_trgm takes for letters here (the addon's typo fallback splits names the same way).
  const [{ unicode } = { unicode: false }] = await db.query<{ unicode: boolean }>(`SELECT cardinality(show_trgm('é')) > 0 AS unicode`);
  const note = items.length === 0 ? 'no inventory yet: run holocron ingest on your WTF folder' : null;
  const text = indexText({ owners: owners.map((o) => o.label), ownerIndex, items, sources, jobs, generatedAt, note, trigramWords: unicode ? 'unicode' : 'ascii' });
  return { text, items: items.length, places: items.reduce((n, i) => n + i.places.length, 0), jobs: jobs.length, generatedAt, note };
}

/** Names as search shows them (the link's, else the pet's species, else the seeded item's), the other one as an alias it is also found by. */
const ITEMS_SQL = `
  SELECT t.item_id, t.pet_species_id, nm.name, nullif(nm.other, nm.name) AS alias, nm.quality, t.total::float8 AS total, t.places AS place_count,
         coalesce((
           SELECT json_agg(json_build_object('owner', p.owner_id, 'location', s.location, 'container', p.container, 'count', p.count,
                                             'name', s.containers -> p.container::text ->> 'name') ORDER BY p.count DESC, p.snapshot_id, p.container)
           FROM (SELECT * FROM holocron.current_places p
                 WHERE p.item_id = t.item_id AND p.pet_species_id = t.pet_species_id
                 ORDER BY p.count DESC, p.snapshot_id, p.container LIMIT $1) AS p
           JOIN holocron.inventory_snapshots s ON s.snapshot_id = p.snapshot_id), '[]') AS places
  FROM holocron.current_item_totals t
  CROSS JOIN LATERAL (
    SELECT coalesce(n.name, sp.name, i.name) AS name,
           CASE WHEN t.pet_species_id > 0 THEN sp.name ELSE i.name END AS other,
           coalesce(n.quality, CASE i.quality WHEN 'POOR' THEN 0 WHEN 'COMMON' THEN 1 WHEN 'UNCOMMON' THEN 2 WHEN 'RARE' THEN 3
                                              WHEN 'EPIC' THEN 4 WHEN 'LEGENDARY' THEN 5 WHEN 'ARTIFACT' THEN 6 WHEN 'HEIRLOOM' THEN 7 END) AS quality
    FROM (SELECT 1) AS one
    LEFT JOIN holocron.item_names n ON n.item_id = t.item_id AND n.pet_species_id = t.pet_species_id
    LEFT JOIN petweaver.species sp ON sp.species_id = t.pet_species_id AND t.pet_species_id > 0
    LEFT JOIN goblin.items i ON i.item_id = t.item_id
  ) AS nm
  WHERE t.total > 0
  ORDER BY t.item_id, t.pet_species_id`;

/** Per account and file: when an addon last saw anything it reported that is current. */
const SOURCES_SQL = `
  SELECT a.name AS account, regexp_replace(f.path, '^.*[\\\\/]', '') AS file, max(s.confirmed_at) AS seen_at
  FROM holocron.inventory_snapshots s
  JOIN holocron.source_files f ON f.file_id = s.file_id
  JOIN holocron.accounts a ON a.account_id = f.account_id
  WHERE s.is_current
  GROUP BY 1, 2
  ORDER BY 3 DESC, 1, 2`;

interface JobRow {
  job_id: number;
  kind: string;
  from_owner: number;
  to_label: string | null;
  /** Set when the items are not the actor's own (the warband bank a sell or vendor job takes from). */
  source_label: string | null;
  items: Array<[number, number, number]>;
}

/**
 * Open jobs, one entry per job (its rows share a job_key), for the character who must act.
 * Only ids and counts: where the items sit in the bags is the addon's to find at the time (bags change).
 */
const JOBS_SQL = `
  SELECT min(q.job_id)::int AS job_id, q.kind, q.from_owner_id AS from_owner, min(o.label) AS to_label,
         min(src.label) FILTER (WHERE q.source_owner_id <> q.from_owner_id) AS source_label,
         json_agg(json_build_array(q.item_id, q.pet_species_id, q.count) ORDER BY q.item_id, q.pet_species_id) AS items
  FROM holocron.logistics_queue q
  LEFT JOIN holocron.owners o ON o.owner_id = q.to_owner_id
  LEFT JOIN holocron.owners src ON src.owner_id = q.source_owner_id
  WHERE q.status = 'open'
  GROUP BY q.job_key, q.kind, q.from_owner_id
  ORDER BY min(q.job_id)`;

interface IndexParts {
  owners: string[];
  ownerIndex: Map<number, number>;
  items: ItemRow[];
  sources: Array<{ account: string; file: string; seen_at: Date }>;
  jobs: JobRow[];
  generatedAt: number | null;
  note: string | null;
  trigramWords: 'ascii' | 'unicode';
}

function indexText(p: IndexParts): string {
  const lines = [
    'local _, ns = ...',
    'local index = {',
    '  version = 1,',
    `  generatedAt = ${p.generatedAt === null ? 'nil' : luaNumber(p.generatedAt)},`,
    `  note = ${p.note === null ? 'nil' : luaString(p.note)},`,
    `  trigramWords = ${luaString(p.trigramWords)},`,
    '  sources = {',
    ...p.sources.map((s) => `    { account = ${luaString(s.account)}, file = ${luaString(s.file)}, seenAt = ${Math.floor(s.seen_at.getTime() / 1000)} },`),
    '  },',
    `  owners = { ${p.owners.map(luaString).join(', ')} },`,
    '  items = {},',
    '  jobs = {},',
    '}',
    'ns.index = index',
  ];
  // Each function in a block of its own: its local ends with the block (Lua 5.1 allows 200 live locals).
  for (let start = 0; start < p.items.length; start += ITEMS_PER_FUNCTION) {
    lines.push('do', '  local function add(items)');
    p.items.slice(start, start + ITEMS_PER_FUNCTION).forEach((item, i) => lines.push(`    items[${start + i + 1}] = ${itemLine(item, p.ownerIndex)}`));
    lines.push('  end', '  add(index.items)', 'end');
  }
  const byOwner = new Map<number, JobRow[]>();
  for (const job of p.jobs) byOwner.set(job.from_owner, [...(byOwner.get(job.from_owner) ?? []), job]);
  for (const [owner, jobs] of [...byOwner].sort((a, b) => (p.ownerIndex.get(a[0]) ?? 0) - (p.ownerIndex.get(b[0]) ?? 0))) {
    const label = p.owners[(p.ownerIndex.get(owner) ?? 0) - 1];
    if (label !== undefined) lines.push(...jobLines(label, jobs));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * One character's jobs: `index.jobs[name] = {}`, then the jobs added by functions
 * of at most JOB_ITEMS_PER_FUNCTION items each, every function in a block of its
 * own (as the items above). A job longer than that gets the rest of its items in
 * the next functions (`jobs[n].items[k] = …`).
 */
function jobLines(label: string, jobs: readonly JobRow[]): string[] {
  const lines = [`index.jobs[${luaString(label)}] = {}`];
  let body: string[] = [];
  let budget = JOB_ITEMS_PER_FUNCTION;
  const flush = () => {
    if (body.length) lines.push('do', '  local function add(jobs)', ...body, '  end', `  add(index.jobs[${luaString(label)}])`, 'end');
    body = [];
    budget = JOB_ITEMS_PER_FUNCTION;
  };
  jobs.forEach((job, j) => {
    const fields = [`id = ${job.job_id}`, `kind = ${luaString(job.kind)}`];
    if (job.to_label) fields.push(`to = ${luaString(job.to_label)}`);
    if (job.source_label) fields.push(`source = ${luaString(job.source_label)}`);
    const item = ([id, species, count]: [number, number, number]) => `{ ${id}, ${species}, ${count} }`;
    if (job.items.length > budget) flush();
    const first = job.items.slice(0, budget);
    body.push(`    jobs[${j + 1}] = { ${fields.join(', ')}, items = { ${first.map(item).join(', ')} } }`);
    budget -= first.length;
    for (let at = first.length; at < job.items.length; at += JOB_ITEMS_PER_FUNCTION) {
      flush();
      job.items.slice(at, at + JOB_ITEMS_PER_FUNCTION).forEach((it, k) => body.push(`    jobs[${j + 1}].items[${at + k + 1}] = ${item(it)}`));
      budget -= Math.min(JOB_ITEMS_PER_FUNCTION, job.items.length - at);
    }
  });
  flush();
  return lines;
}

/** { id, species, name, quality, total, places, "owner,location,container,count[,tab name];…"[, alias] } */
function itemLine(item: ItemRow, ownerIndex: Map<number, number>): string {
  const places = item.places
    .map((pl) => `${ownerIndex.get(pl.owner)},${pl.location},${pl.container},${pl.count}${pl.name ? `,${escapePlaceText(pl.name)}` : ''}`)
    .join(';');
  const fields = [
    String(item.item_id),
    String(item.pet_species_id),
    luaString(item.name ?? `item ${item.item_id}`),
    String(item.quality ?? -1),
    luaNumber(item.total),
    String(item.place_count),
    luaString(places),
  ];
  if (item.alias) fields.push(luaString(item.alias));
  return `{ ${fields.join(', ')} }`;
}

/** A tab's name inside the places text: `%`, `,` and `;` as %25, %2C, %3B. */
function escapePlaceText(text: string): string {
  return text.replace(/[%,;]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}
