/**
 * The two byte-level pieces of the combat log format that every kept event
 * needs: the line's timestamp and its comma-separated fields.
 *
 * Fields are not CSV: names are double-quoted and may hold commas
 * ("Ara-Kara, City of Echoes"), and COMBATANT_INFO, CHALLENGE_MODE_START and
 * the like carry unquoted `[...]` and `(...)` groups, nested, with commas
 * inside. csv-parse only knows quotes, so it would split inside every group;
 * this tokeniser tracks quote state and bracket depth instead, and runs only
 * on the few lines the reader keeps.
 */
import { isUtf8 } from 'node:buffer';
import { CLOSE_ROUND, CLOSE_SQUARE, COMMA, MINUS, OPEN_ROUND, OPEN_SQUARE, QUOTE } from './bytes.js';

/** A field: a token or quoted string, or a `[...]`/`(...)` group of fields. */
export type Field = string | Field[];


/** Counts names that were not UTF-8, for the file's notes. */
export interface TextStats {
  nonUtf8: number;
}

/**
 * Quoted text as the bytes say: UTF-8 when it is UTF-8, otherwise one
 * character per byte (Latin-1), so every byte is kept and nothing throws.
 * NUL is the one byte PostgreSQL text cannot hold; it is dropped.
 */
export function decodeText(buf: Buffer, start: number, end: number, stats?: TextStats): string {
  const bytes = buf.subarray(start, end);
  let text: string;
  if (isUtf8(bytes)) text = bytes.toString('utf8');
  else {
    if (stats) stats.nonUtf8 += 1;
    text = bytes.toString('latin1');
  }
  return text.includes('\0') ? text.replaceAll('\0', '') : text;
}

/**
 * Splits `buf[start, end)` into fields, honouring quotes and nested groups.
 * Returns undefined when a quote or a group is left open or closed by the
 * wrong bracket: the line was cut.
 */
export function parseFields(buf: Buffer, start: number, end: number, stats?: TextStats): Field[] | undefined {
  const root: Field[] = [];
  const stack: Field[][] = [];
  const closers: number[] = [];
  let current = root;
  let i = start;
  for (;;) {
    // At the start of an element.
    if (i >= end) {
      if (current === root && (i === start || buf[i - 1] === COMMA)) root.push('');
      break;
    }
    let c = buf[i]!;
    if (c === OPEN_SQUARE || c === OPEN_ROUND) {
      const group: Field[] = [];
      current.push(group);
      stack.push(current);
      closers.push(c === OPEN_SQUARE ? CLOSE_SQUARE : CLOSE_ROUND);
      current = group;
      i += 1;
      continue;
    }
    if (c === COMMA || c === CLOSE_SQUARE || c === CLOSE_ROUND) {
      // An empty element: kept at the top level so field positions hold; inside a group (`[,(`) dropped.
      if (current === root) root.push('');
    } else if (c === QUOTE) {
      const close = buf.indexOf(QUOTE, i + 1);
      if (close < 0 || close >= end) return undefined;
      current.push(decodeText(buf, i + 1, close, stats));
      i = close + 1;
    } else {
      let j = i;
      while (j < end && (c = buf[j]!) !== COMMA && c !== CLOSE_SQUARE && c !== CLOSE_ROUND) j++;
      current.push(buf.toString('latin1', i, j));
      i = j;
    }
    // After an element: closers, then a comma or the end.
    while (i < end && (buf[i] === CLOSE_SQUARE || buf[i] === CLOSE_ROUND)) {
      if (closers.pop() !== buf[i]) return undefined;
      current = stack.pop()!;
      i += 1;
    }
    if (i >= end) break;
    if (buf[i] !== COMMA) return undefined;
    i += 1;
  }
  return stack.length === 0 ? root : undefined;
}

const SLASH = 47;
const SPACE = 32;
const COLON = 58;
const DOT = 46;
const PLUS = 43;

/** Where to find the year that old-style timestamps leave out. */
export interface YearHint {
  /** The file's last modification: every line was written before it. */
  year: number;
  /** 1–12 */
  month: number;
}

/**
 * A line's timestamp as UTC milliseconds, or undefined when it is not one.
 * `M/D HH:MM:SS.mmm` (to Dragonflight) carries no year and no offset: the
 * year comes from the file's date (a month after it is last year's, the
 * Dec→Jan rollover) and the time is taken as UTC. `M/D/YYYY HH:MM:SS.mmm±Z`
 * (11.x) ends in the client's UTC offset in hours with no `+` for positive
 * zones (`52.3078` = .307 at UTC+8); `-0500` and `+05:30` are accepted too.
 */
export function parseTimestamp(buf: Buffer, start: number, end: number, hint: YearHint): number | undefined {
  let i = start;
  const num = (max: number): number => {
    let n = 0;
    const from = i;
    while (i < end && i - from < max) {
      const d = buf[i]! - 48;
      if (d < 0 || d > 9) break;
      n = n * 10 + d;
      i++;
    }
    return i === from ? -1 : n;
  };
  const month = num(2);
  if (month < 1 || month > 12 || buf[i++] !== SLASH) return undefined;
  const day = num(2);
  if (day < 1 || day > 31) return undefined;
  let year: number;
  let explicitYear = false;
  if (buf[i] === SLASH) {
    i++;
    year = num(4);
    if (year < 2000) return undefined;
    explicitYear = true;
  } else year = month > hint.month ? hint.year - 1 : hint.year;
  if (buf[i++] !== SPACE) return undefined;
  const hour = num(2);
  if (hour < 0 || hour > 23 || buf[i++] !== COLON) return undefined;
  const minute = num(2);
  if (minute < 0 || minute > 59 || buf[i++] !== COLON) return undefined;
  const second = num(2);
  if (second < 0 || second > 60 || buf[i++] !== DOT) return undefined;
  const msFrom = i;
  const ms = num(3);
  if (ms < 0) return undefined;
  const millis = ms * 10 ** (3 - (i - msFrom));
  let offsetMinutes = 0;
  if (explicitYear && i < end) {
    const sign = buf[i] === MINUS ? -1 : 1;
    if (buf[i] === MINUS || buf[i] === PLUS) i++;
    const digitsFrom = i;
    const hours = num(4);
    if (hours < 0) return undefined;
    const digits = i - digitsFrom;
    let minutes = 0;
    if (buf[i] === COLON) {
      i++;
      minutes = num(2);
    }
    offsetMinutes = sign * (digits > 2 ? Math.floor(hours / 100) * 60 + (hours % 100) : hours * 60 + Math.max(minutes, 0));
  }
  if (i !== end) return undefined;
  return Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * 60_000;
}
