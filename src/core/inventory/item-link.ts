/**
 * WoW hyperlinks as addons save them:
 *   |cffa335ee|Hitem:51208:3820:3621:3545:0:0:0:0:80|h[Sanctified Dark Coven Hood]|h|r
 *   |cnIQ4:|Hitem:237610::::::::80:72::33:7:6652:…:1:28:2462:::::|h[Living Weapon's Faceshield]|h|r
 *   |cff0070dd|Hbattlepet:1155:25:3:1546:276:289:BattlePet-0-00000E09B186|h[Anubisath Idol]|h|r
 *   |cffa335ee|Hkeystone:180653:375:12:10:0:0:0|h[Keystone: Mists of Tirna Scithe (12)]|h|r
 * The colour prefix changed in 11.2 (named `|cnIQ<q>:`), old clients use fewer
 * fields, and names can carry atlas markup (`|A:…-Tier3:17:18::1|a`), so the
 * payload is found by its `|H` marker, never by offset.
 */
export interface ParsedItemLink {
  kind: 'item' | 'battlepet' | 'keystone';
  /** The item the link stands for: 82800 (Pet Cage) for battle pets. */
  itemId: number;
  /** Display name without markup; undefined when the link has none (`|h[]|h`). */
  name?: string;
  /** 0 poor … 7 heirloom, from the colour code, when it is a known one. */
  quality?: number;
  /** Profession quality tier 1–5 from the name's atlas icon. */
  craftedQuality?: number;
  bonusIds: number[];
  /** Flattened (type, value) pairs. */
  modifiers: number[];
  pet?: BattlePetFields;
  keystone?: { mapId: number; level: number };
}

export interface BattlePetFields {
  speciesId: number;
  level: number;
  /** Breed quality 0 poor … 5 legendary, as in the link. */
  quality: number;
  maxHealth: number;
  power: number;
  speed: number;
  guid?: string;
}

export const PET_CAGE_ITEM_ID = 82800;

/** Item, species and map ids are PostgreSQL integers: an id beyond int4 names nothing that can exist. */
export function isGameId(n: number | undefined): n is number {
  return n !== undefined && Number.isInteger(n) && n >= 1 && n <= 2_147_483_647;
}

const QUALITY_BY_COLOUR: Record<string, number> = {
  '9d9d9d': 0,
  ffffff: 1,
  '1eff00': 2,
  '0070dd': 3,
  a335ee: 4,
  ff8000: 5,
  e6cc80: 6,
  '00ccff': 7,
};

/**
 * A file repeats the same links many times (every stack of a reagent, every
 * alt's hearthstone: 34,000 distinct links among 131,000 stacks in the
 * benchmark's file), so parsed links are kept. Callers share the objects and
 * must not change them.
 */
const parsedLinks = new Map<string, ParsedItemLink | undefined>();
const PARSED_LINKS_KEPT = 100_000;

/** Undefined when `text` holds no item, battlepet or keystone hyperlink. */
export function parseItemLink(text: string): ParsedItemLink | undefined {
  const known = parsedLinks.get(text);
  if (known !== undefined || parsedLinks.has(text)) return known;
  const parsed = parseUncached(text);
  if (parsedLinks.size >= PARSED_LINKS_KEPT) parsedLinks.clear();
  parsedLinks.set(text, parsed);
  return parsed;
}

function parseUncached(text: string): ParsedItemLink | undefined {
  const start = findPayload(text);
  if (start < 0) return undefined;
  const end = text.indexOf('|h', start);
  const payloadEnd = end < 0 ? text.length : end;
  const kind = text.slice(start, text.indexOf(':', start)) as ParsedItemLink['kind'];
  // Item links are all numbers: read them in place rather than split into ~20 strings per link.
  const link: ParsedItemLink | undefined =
    kind === 'item'
      ? itemFields(numericFields(text, start, payloadEnd))
      : kind === 'battlepet'
        ? battlePetFields(text.slice(start, payloadEnd).split(':'))
        : keystoneFields(text.slice(start, payloadEnd).split(':'));
  if (!link) return undefined;
  const quality = colourQuality(text.slice(0, Math.max(0, start - 2)));
  if (quality !== undefined) link.quality = quality;
  if (end >= 0) Object.assign(link, displayName(text, end + 2));
  return link;
}

function findPayload(text: string): number {
  for (let at = text.indexOf('|H'); at >= 0; at = text.indexOf('|H', at + 2)) {
    const rest = text.startsWith('item:', at + 2) || text.startsWith('battlepet:', at + 2) || text.startsWith('keystone:', at + 2);
    if (rest) return at + 2;
  }
  // Bare item strings ("item:19019:0:0") as users paste them.
  const bare = /(^|[^A-Za-z])(item|battlepet|keystone):-?\d/.exec(text);
  return bare ? bare.index + bare[1]!.length : -1;
}

const INT32_MAX = 2_147_483_647;

/**
 * A link is free text: a number in it that no integer column can hold is
 * garbage and reads as absent, so one odd link never rejects a whole file.
 */
function int(field: string | undefined): number | undefined {
  if (field === undefined || field === '') return undefined;
  const n = Number(field);
  return Number.isInteger(n) && Math.abs(n) <= INT32_MAX ? n : undefined;
}

/** Levels and qualities: smallint columns. */
function small(field: string | undefined): number | undefined {
  const n = int(field);
  return n !== undefined && Math.abs(n) <= 32_767 ? n : undefined;
}

/**
 * The colon-separated fields from `start` to `end` as numbers: NaN for an empty
 * field or one that is not a plain integer (a crafter GUID), so that `num`
 * reads it as absent. Field 0 (the link type) is NaN too.
 */
function numericFields(text: string, start: number, end: number): number[] {
  const fields: number[] = [];
  let value = 0;
  let digits = 0;
  let negative = false;
  let junk = false;
  for (let i = start; i <= end; i++) {
    const c = i === end ? 58 : text.charCodeAt(i);
    if (c === 58) {
      // ':' (or the end): close the field
      fields.push(junk || digits === 0 || digits > 15 ? Number.NaN : negative ? -value : value);
      value = 0;
      digits = 0;
      negative = false;
      junk = false;
    } else if (c >= 48 && c <= 57) {
      value = value * 10 + (c - 48);
      digits += 1;
    } else if (c === 45 && digits === 0 && !negative) {
      negative = true;
    } else {
      junk = true;
    }
  }
  return fields;
}

/** A field that fits an integer column, else undefined. */
function num(value: number | undefined): number | undefined {
  return value !== undefined && Number.isInteger(value) && Math.abs(value) <= INT32_MAX ? value : undefined;
}

/**
 * item:id:enchant:gem1:gem2:gem3:gem4:suffix:unique:linkLevel:spec:modifiersMask:
 * context:numBonusIds:bonus…:numModifiers:(type:value)…:relic…:crafterGuid:extraEnchant.
 * Links from 3.x clients stop after linkLevel.
 */
function itemFields(fields: number[]): ParsedItemLink | undefined {
  const itemId = num(fields[1]);
  if (!isGameId(itemId)) return undefined;
  const bonusIds: number[] = [];
  const modifiers: number[] = [];
  let at = 13;
  const bonusCount = num(fields[at]) ?? 0;
  for (let i = 1; i <= bonusCount && at + i < fields.length; i++) {
    const b = num(fields[at + i]);
    if (b !== undefined) bonusIds.push(b);
  }
  at += bonusCount + 1;
  const modifierCount = num(fields[at]) ?? 0;
  // Bounded by the fields present: a malformed link must not make us loop on its numbers.
  for (let i = 0; i < modifierCount && at + 2 + 2 * i < fields.length; i++) {
    const type = num(fields[at + 1 + 2 * i]);
    const value = num(fields[at + 2 + 2 * i]);
    if (type !== undefined && value !== undefined) modifiers.push(type, value);
  }
  return { kind: 'item', itemId, bonusIds, modifiers };
}

function battlePetFields(fields: string[]): ParsedItemLink | undefined {
  const speciesId = int(fields[1]);
  if (!isGameId(speciesId)) return undefined;
  const guid = fields[7] && /^BattlePet-/i.test(fields[7]) ? fields[7] : undefined;
  const pet: BattlePetFields = {
    speciesId,
    level: small(fields[2]) ?? 1,
    quality: small(fields[3]) ?? 0,
    maxHealth: int(fields[4]) ?? 0,
    power: int(fields[5]) ?? 0,
    speed: int(fields[6]) ?? 0,
  };
  if (guid) pet.guid = guid;
  return { kind: 'battlepet', itemId: PET_CAGE_ITEM_ID, bonusIds: [], modifiers: [], pet };
}

function keystoneFields(fields: string[]): ParsedItemLink | undefined {
  const itemId = int(fields[1]);
  if (!isGameId(itemId)) return undefined;
  return { kind: 'keystone', itemId, bonusIds: [], modifiers: [], keystone: { mapId: int(fields[2]) ?? 0, level: small(fields[3]) ?? 0 } };
}

function colourQuality(prefix: string): number | undefined {
  const named = /\|cnIQ(\d):[^|]*$/.exec(prefix);
  if (named) return Number(named[1]);
  const hex = /\|c[0-9a-fA-F]{2}([0-9a-fA-F]{6})[^|]*$/.exec(prefix);
  return hex ? QUALITY_BY_COLOUR[hex[1]!.toLowerCase()] : undefined;
}

function displayName(text: string, from: number): { name?: string; craftedQuality?: number } {
  if (text[from] !== '[') return {};
  const close = text.indexOf(']|h', from);
  const raw = text.slice(from + 1, close < 0 ? undefined : close);
  const tier = /Quality-Tier(\d)/.exec(raw);
  const name = raw
    .replace(/\|A:[^|]*\|a/g, '')
    .replace(/\|T[^|]*\|t/g, '')
    .replace(/\|c[0-9a-fA-F]{8}|\|cn[^:|]*:|\|r/g, '')
    .trim();
  const out: { name?: string; craftedQuality?: number } = {};
  if (name) out.name = name;
  if (tier) out.craftedQuality = Number(tier[1]);
  return out;
}
