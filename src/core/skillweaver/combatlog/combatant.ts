/**
 * COMBATANT_INFO straight from the line's bytes. It is the longest kept line
 * (2–4 KB: stats, ~40 talent tuples, gear, auras) and comes once per player
 * per pull, so tokenising it whole into strings cost more than the rest of
 * the read on filtered logs. Only the GUID, the spec and the gear are needed:
 * the top level is split without making strings, the talents and auras are
 * stepped over, and the gear list is read as numbers in place.
 *
 * Layout (client-formats.md §4): `guid,faction,<stats…>,specID,<talents>,…,
 * [(itemID,ilvl,(enchants),(bonusIDs),(gems)),…],[auras],…`; the stat count
 * differs by version, so the spec is the field before the first group and the
 * gear the first `[` list whose first item has that tuple shape.
 */
import type { GearItem, LogEvent } from './events.js';
import { CLOSE_ROUND, CLOSE_SQUARE, COMMA, MINUS, OPEN_ROUND, OPEN_SQUARE, QUOTE } from './bytes.js';


/** Start/end pairs of the top-level fields (groups and quotes stepped over whole), or undefined when unbalanced. */
export function topLevelFields(buf: Buffer, start: number, end: number): number[] | undefined {
  const bounds: number[] = [];
  let depth = 0;
  let fieldStart = start;
  for (let i = start; i < end; i++) {
    const c = buf[i]!;
    if (c === QUOTE) {
      const close = buf.indexOf(QUOTE, i + 1);
      if (close < 0 || close >= end) return undefined;
      i = close;
    } else if (c === OPEN_SQUARE && depth === 0) {
      // A flat list (talents, gear, auras: no `[` inside) is stepped over natively in one go.
      const close = buf.indexOf(CLOSE_SQUARE, i + 1);
      const nested = buf.indexOf(OPEN_SQUARE, i + 1);
      if (close > 0 && close < end && (nested < 0 || nested > close)) i = close;
      else depth++;
    } else if (c === OPEN_SQUARE || c === OPEN_ROUND) depth++;
    else if (c === CLOSE_SQUARE || c === CLOSE_ROUND) {
      if (--depth < 0) return undefined;
    } else if (c === COMMA && depth === 0) {
      bounds.push(fieldStart, i);
      fieldStart = i + 1;
    }
  }
  if (depth !== 0) return undefined;
  bounds.push(fieldStart, end);
  return bounds;
}

/** A cursor over one gear list; every read returns false (or NaN) on a shape it does not expect. */
class Cursor {
  constructor(
    private readonly buf: Buffer,
    public i: number,
    private readonly end: number,
  ) {}

  at(byte: number): boolean {
    return this.i < this.end && this.buf[this.i] === byte;
  }

  eat(byte: number): boolean {
    if (!this.at(byte)) return false;
    this.i++;
    return true;
  }

  int(): number {
    const negative = this.eat(MINUS);
    const from = this.i;
    let n = 0;
    while (this.i < this.end) {
      const d = this.buf[this.i]! - 48;
      if (d < 0 || d > 9) break;
      n = n * 10 + d;
      this.i++;
    }
    if (this.i === from) return Number.NaN;
    return negative ? -n : n;
  }

  /** `(n,n,…)` → numbers; undefined when it is not a flat group of numbers. */
  ints(): number[] | undefined {
    if (!this.eat(OPEN_ROUND)) return undefined;
    const out: number[] = [];
    if (this.eat(CLOSE_ROUND)) return out;
    for (;;) {
      const n = this.int();
      if (Number.isNaN(n)) return undefined;
      out.push(n);
      if (this.eat(CLOSE_ROUND)) return out;
      if (!this.eat(COMMA)) return undefined;
    }
  }

  /** Past the `)` that closes the group we are in, whatever else it holds. */
  skipGroup(): boolean {
    let depth = 1;
    while (this.i < this.end) {
      const c = this.buf[this.i++]!;
      if (c === OPEN_ROUND || c === OPEN_SQUARE) depth++;
      else if ((c === CLOSE_ROUND || c === CLOSE_SQUARE) && --depth === 0) return true;
    }
    return false;
  }
}

/** `[(itemID,ilvl,(enchants),(bonusIDs),(gems)),…]` in buf[start, end); undefined when it is not a gear list. */
export function gearList(buf: Buffer, start: number, end: number): GearItem[] | undefined {
  const c = new Cursor(buf, start, end);
  if (!c.eat(OPEN_SQUARE)) return undefined;
  const items: GearItem[] = [];
  let slot = 0;
  while (!c.eat(CLOSE_SQUARE)) {
    if (slot > 0 && !c.eat(COMMA)) return undefined;
    if (!c.eat(OPEN_ROUND)) return undefined;
    slot += 1;
    const itemId = c.int();
    if (!c.eat(COMMA)) return undefined;
    const itemLevel = c.int();
    if (!c.eat(COMMA)) return undefined;
    const enchants = c.ints();
    if (!enchants || !c.eat(COMMA)) return undefined;
    const bonusIds = c.ints();
    if (!bonusIds || !c.eat(COMMA)) return undefined;
    const gems = c.ints();
    if (!gems || Number.isNaN(itemId) || Number.isNaN(itemLevel)) return undefined;
    if (!c.eat(CLOSE_ROUND) && !c.skipGroup()) return undefined; // newer clients may add fields to the tuple
    if (itemId > 0) items.push({ slot, itemId, itemLevel, enchantId: enchants[0] ?? 0, bonusIds, gems });
  }
  return c.i === end ? items : undefined;
}

function looksLikeGear(buf: Buffer, start: number, end: number): boolean {
  // `[(digits,digits,(` — talents are `[(n,n,n)` and auras `[Player-…`.
  const c = new Cursor(buf, start, end);
  return c.eat(OPEN_SQUARE) && c.eat(OPEN_ROUND) && !Number.isNaN(c.int()) && c.eat(COMMA) && !Number.isNaN(c.int()) && c.eat(COMMA) && c.at(OPEN_ROUND);
}

/** Each player's last gear, as bytes and as items: a player's gear rarely changes between pulls, so it is parsed once. */
export type GearCache = Map<string, { gearKey: string; items: GearItem[] }>;

/** The event from the fields after `COMBATANT_INFO,`; undefined when the line does not have its shape (cut short). */
export function combatantInfo(buf: Buffer, start: number, end: number, at: number, cache?: GearCache): LogEvent | undefined {
  const f = topLevelFields(buf, start, end);
  if (!f) return undefined;
  let firstGroup = -1;
  for (let k = 0; k < f.length; k += 2) {
    const b = buf[f[k]!];
    if (f[k]! < f[k + 1]! && (b === OPEN_SQUARE || b === OPEN_ROUND)) {
      firstGroup = k;
      break;
    }
  }
  if (firstGroup < 4) return undefined;
  const guid = buf.toString('latin1', f[0]!, f[1]!);
  const spec = new Cursor(buf, f[firstGroup - 2]!, f[firstGroup - 1]!);
  const specId = spec.int();
  if (Number.isNaN(specId) || !guid.startsWith('Player-')) return undefined;
  for (let k = firstGroup; k < f.length; k += 2) {
    if (buf[f[k]!] !== OPEN_SQUARE || !looksLikeGear(buf, f[k]!, f[k + 1]!)) continue;
    // The gear's bytes as they are: equal gear, equal key (cheaper than building one from the items).
    const gearKey = `${specId}|${buf.toString('latin1', f[k]!, f[k + 1]!)}`;
    const known = cache?.get(guid);
    if (known?.gearKey === gearKey) return { type: 'COMBATANT_INFO', at, guid, specId, items: known.items, gearKey };
    const items = gearList(buf, f[k]!, f[k + 1]!);
    if (!items) return undefined;
    cache?.set(guid, { gearKey, items });
    return { type: 'COMBATANT_INFO', at, guid, specId, items, gearKey };
  }
  return undefined;
}
