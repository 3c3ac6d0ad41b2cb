/**
 * Writes courier files (docs/courier-format.md) for the addon's tests and
 * benchmark: an encoder of its own, independent of the server's courier, so the
 * tests prove the addon's decoder against the document, not against shared code.
 */

export const PET_CAGE = 82800;

// ---- pricing records -------------------------------------------------------

export interface PriceRecord {
  kind: 0 | 1 | 2;
  id: number;
  /** Item level (kind 1), breed quality + 1 or 0 (kind 2), 0 (kind 0). */
  variant: number;
  /** Copper; 0 or absent = none. */
  region?: number;
  realm?: number;
  minBuyout?: number;
  /** Units per day (region-wide). */
  soldPerDay?: number;
  /** Hours since last listed; null or absent = older than 34 days or never. */
  ageHours?: number | null;
}

export interface RealmRecord {
  kind: 0 | 1 | 2;
  id: number;
  variant: number;
  realm?: number;
  minBuyout?: number;
  ageHours?: number | null;
}

export interface PricingFixture {
  region: string;
  generatedAt: number;
  note?: string;
  primary?: { connectedRealmId: number; realmIds: number[] };
  records: PriceRecord[];
  realms?: Array<{ connectedRealmId: number; realmIds: number[]; records: RealmRecord[] }>;
  version?: string;
}

export function pricingKey(kind: number, id: number, variant: number): number {
  return (kind * 2 ** 21 + id) * 2 ** 12 + variant;
}

/** Copper as the 28-bit float: exponent × 2^23 + mantissa. */
export function encodeMoney(copper: number): number {
  if (!Number.isInteger(copper) || copper < 0) throw new Error(`money must be whole copper ≥ 0: ${copper}`);
  if (copper < 2 ** 23) return copper;
  for (let exponent = 1; exponent <= 31; exponent++) {
    const mantissa = Math.floor(copper / 2 ** exponent);
    if (mantissa < 2 ** 23) return exponent * 2 ** 23 + mantissa;
  }
  throw new Error(`money out of range: ${copper}`);
}

export function decodeMoney(encoded: number): number {
  return (encoded % 2 ** 23) * 2 ** Math.floor(encoded / 2 ** 23);
}

/** round(x × 10) as the 14-bit float: exponent × 2^10 + mantissa. */
export function encodeRate(perDay: number): number {
  const v = Math.round(perDay * 10);
  if (v < 2 ** 10) return v;
  for (let exponent = 1; exponent <= 15; exponent++) {
    const mantissa = Math.floor(v / 2 ** exponent);
    if (mantissa < 2 ** 10) return exponent * 2 ** 10 + mantissa;
  }
  throw new Error(`rate out of range: ${perDay}`);
}

export function decodeRate(encoded: number): number {
  return ((encoded % 2 ** 10) * 2 ** Math.floor(encoded / 2 ** 10)) / 10;
}

/** Hours since listed: 0–95 hours, 96–126 for 4–34 days, 127 older or never. */
export function encodeAge(hours: number | null | undefined): number {
  if (hours === null || hours === undefined) return 127;
  if (hours < 96) return Math.floor(hours);
  const days = Math.floor(hours / 24);
  return days > 34 ? 127 : days + 92;
}

export function decodeAge(encoded: number): number | null {
  if (encoded < 96) return encoded;
  if (encoded < 127) return (encoded - 92) * 24;
  return null;
}

/** Big-endian 7-bit groups, each byte 0x80 + group. */
function put7(out: Buffer, at: number, value: number, bytes: number): void {
  for (let i = bytes - 1; i >= 0; i--) {
    out[at + i] = 0x80 + (value % 128);
    value = Math.floor(value / 128);
  }
  if (value !== 0) throw new Error('value does not fit');
}

function sortedByKey<T extends { kind: number; id: number; variant: number }>(records: T[]): T[] {
  return [...records].sort((a, b) => pricingKey(a.kind, a.id, a.variant) - pricingKey(b.kind, b.id, b.variant));
}

export function encodePrimaryRecords(records: PriceRecord[]): Buffer {
  const out = Buffer.alloc(records.length * 20);
  sortedByKey(records).forEach((r, i) => {
    const at = i * 20;
    put7(out, at, pricingKey(r.kind, r.id, r.variant), 5);
    put7(out, at + 5, encodeMoney(r.region ?? 0), 4);
    put7(out, at + 9, encodeMoney(r.realm ?? 0), 4);
    put7(out, at + 13, encodeMoney(r.minBuyout ?? 0), 4);
    put7(out, at + 17, encodeRate(r.soldPerDay ?? 0), 2);
    put7(out, at + 19, encodeAge(r.ageHours), 1);
  });
  return out;
}

export function encodeRealmRecords(records: RealmRecord[]): Buffer {
  const out = Buffer.alloc(records.length * 14);
  sortedByKey(records).forEach((r, i) => {
    const at = i * 14;
    put7(out, at, pricingKey(r.kind, r.id, r.variant), 5);
    put7(out, at + 5, encodeMoney(r.realm ?? 0), 4);
    put7(out, at + 9, encodeMoney(r.minBuyout ?? 0), 4);
    put7(out, at + 13, encodeAge(r.ageHours), 1);
  });
  return out;
}

// ---- Lua text ---------------------------------------------------------------

/** A Lua string literal: \\, ", bytes below 0x20 and 0x7F as \ddd, UTF-8 raw. */
export function luaString(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (code < 0x20 || code === 0x7f) out += `\\${String(code).padStart(3, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

const header = (version: string) => `-- Generated by holocron courier ${version}; do not edit.\nlocal _, ns = ...\n`;

const list = (values: number[]) => `{ ${values.join(', ')} }`;

export function pricingFile(fixture: PricingFixture): Buffer {
  const version = fixture.version ?? '0.2.0';
  const data = encodePrimaryRecords(fixture.records);
  const parts: Buffer[] = [];
  const text = (s: string) => parts.push(Buffer.from(s, 'utf8'));
  const bytes = (b: Buffer) => parts.push(b);
  text(header(version));
  text('ns.pricing = {\n  version = 1,\n');
  text(`  region = ${luaString(fixture.region)},\n  generatedAt = ${fixture.generatedAt},\n`);
  text(`  note = ${fixture.note === undefined ? 'nil' : luaString(fixture.note)},\n`);
  text(fixture.primary ? `  primary = { connectedRealmId = ${fixture.primary.connectedRealmId}, realmIds = ${list(fixture.primary.realmIds)} },\n` : '  primary = nil,\n');
  text(`  count = ${fixture.records.length},\n  width = 20,\n  data = [=[`);
  bytes(data);
  text(']=],\n  realms = {\n');
  for (const realm of fixture.realms ?? []) {
    text(`    { connectedRealmId = ${realm.connectedRealmId}, realmIds = ${list(realm.realmIds)}, count = ${realm.records.length}, width = 14, data = [=[`);
    bytes(encodeRealmRecords(realm.records));
    text(']=] },\n');
  }
  text('  },\n}\n');
  return Buffer.concat(parts);
}

// ---- index ------------------------------------------------------------------

export type Location = 'bags' | 'bank' | 'reagent_bank' | 'warband_bank' | 'guild_bank' | 'mail' | 'auction' | 'equipped' | 'void';

export interface IndexPlace {
  /** 1-based index into owners. */
  owner: number;
  location: Location;
  container: number;
  count: number;
}

export interface IndexItem {
  itemId: number;
  speciesId?: number;
  name: string;
  quality?: number;
  /** Default: the sum of places (when every place is listed). */
  total?: number;
  /** Default: places.length. */
  placeCount?: number;
  /** Biggest first; at most 20 are written. */
  places: IndexPlace[];
}

export interface IndexJob {
  id: number;
  kind: string;
  to?: string;
  items: Array<[number, number, number]>;
}

export interface IndexFixture {
  generatedAt: number;
  note?: string;
  sources?: Array<{ account: string; file: string; seenAt: number }>;
  owners: string[];
  items: IndexItem[];
  jobs?: Record<string, IndexJob[]>;
  /** pg_trgm's word characters on the server's database: "unicode" with a UTF-8 LC_CTYPE. Absent: ASCII. */
  trigramWords?: 'ascii' | 'unicode';
  version?: string;
}

const ITEMS_PER_FUNCTION = 2000;

export function indexFile(fixture: IndexFixture): string {
  const lines = [header(fixture.version ?? '0.2.0') + 'local index = {'];
  lines.push('  version = 1,', `  generatedAt = ${fixture.generatedAt},`);
  lines.push(`  note = ${fixture.note === undefined ? 'nil' : luaString(fixture.note)},`);
  if (fixture.trigramWords) lines.push(`  trigramWords = ${luaString(fixture.trigramWords)},`);
  lines.push('  sources = {');
  for (const s of fixture.sources ?? []) lines.push(`    { account = ${luaString(s.account)}, file = ${luaString(s.file)}, seenAt = ${s.seenAt} },`);
  lines.push('  },');
  lines.push(`  owners = { ${fixture.owners.map(luaString).join(', ')} },`);
  lines.push('  items = {},', '  jobs = {},', '}', 'ns.index = index');
  const items = [...fixture.items].sort((a, b) => a.itemId - b.itemId || (a.speciesId ?? 0) - (b.speciesId ?? 0));
  for (let start = 0, fn = 1; start < items.length; start += ITEMS_PER_FUNCTION, fn++) {
    lines.push(`local function add${fn}(items)`);
    items.slice(start, start + ITEMS_PER_FUNCTION).forEach((item, k) => {
      const places = item.places.slice(0, 20).map((p) => `${p.owner},${p.location},${p.container},${p.count}`).join(';');
      const total = item.total ?? item.places.reduce((sum, p) => sum + p.count, 0);
      const count = item.placeCount ?? item.places.length;
      lines.push(`  items[${start + k + 1}] = { ${item.itemId}, ${item.speciesId ?? 0}, ${luaString(item.name)}, ${item.quality ?? -1}, ${total}, ${count}, ${luaString(places)} }`);
    });
    lines.push('end', `add${fn}(index.items)`);
  }
  for (const [character, jobs] of Object.entries(fixture.jobs ?? {})) {
    lines.push(`index.jobs[${luaString(character)}] = {`);
    for (const job of jobs) {
      const to = job.to === undefined ? '' : `, to = ${luaString(job.to)}`;
      const items = job.items.map(([id, species, count]) => `{ ${id}, ${species}, ${count} }`).join(', ');
      lines.push(`  { id = ${job.id}, kind = ${luaString(job.kind)}${to}, items = { ${items} } },`);
    }
    lines.push('}');
  }
  return `${lines.join('\n')}\n`;
}

// ---- pet needs --------------------------------------------------------------

export interface PetNeedsFixture {
  generatedAt: number;
  note?: string;
  missing: number[];
  lowerQuality: Record<number, number>;
  duplicates: Record<number, [number, number]>;
  version?: string;
}

export function petNeedsFile(fixture: PetNeedsFixture): string {
  const lower = Object.entries(fixture.lowerQuality).map(([s, q]) => `[${s}] = ${q}`).join(', ');
  const dups = Object.entries(fixture.duplicates).map(([s, [held, needed]]) => `[${s}] = { ${held}, ${needed} }`).join(', ');
  return (
    header(fixture.version ?? '0.2.0') +
    'ns.petNeeds = {\n  version = 1,\n' +
    `  generatedAt = ${fixture.generatedAt},\n` +
    `  note = ${fixture.note === undefined ? 'nil' : luaString(fixture.note)},\n` +
    `  missing = { ${[...fixture.missing].sort((a, b) => a - b).join(', ')} },\n` +
    `  lowerQuality = { ${lower} },\n` +
    `  duplicates = { ${dups} },\n}\n`
  );
}
