/**
 * Where things are in a SavedVariables file, as byte offsets: the entries of
 * a table with the spans of their keys and values. The splicer edits the file
 * by these spans, so every byte it does not mean to change stays as it was
 * (TSM's item cache holds raw control bytes; re-serialising would risk them).
 * Only the data subset WoW writes is understood; the file has already been
 * read by readSavedVariables, which reports syntax errors with line:column.
 */
import { DataError } from '../errors.js';
import { APOSTROPHE, BACKSLASH, EQUALS, LBRACE, LBRACKET, MINUS, NEWLINE, QUOTE, RBRACE, RBRACKET } from '../lua/byte-codes.js';

export interface EntrySpan {
  /** The key: a string, or a number for `[n] =` and positional entries. */
  key: string | number;
  /** First byte of the entry (`[` or the value of a positional entry). */
  start: number;
  valueStart: number;
  valueEnd: number;
  /** After the entry's `,`/`;` when it has one, else valueEnd. */
  end: number;
}

export interface TableSpan {
  open: number;
  /** Offset of the closing `}`. */
  close: number;
  entries: EntrySpan[];
}


/** The `{` of global `name`'s table (`Name = {` at the top level). */
export function globalTableStart(b: Buffer, name: string): number {
  const bom = b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
  let p = skipSpace(b, bom);
  while (p < b.length) {
    const nameEnd = identEnd(b, p);
    if (nameEnd === p) throw new DataError(`unexpected byte at offset ${p}`);
    const ident = b.toString('latin1', p, nameEnd);
    p = skipSpace(b, nameEnd);
    if (b[p] !== EQUALS) throw new DataError(`expected "=" after ${ident}`);
    p = skipSpace(b, p + 1);
    if (ident === name) {
      if (b[p] !== LBRACE) throw new DataError(`${name} is not a table`);
      return p;
    }
    p = skipSpace(b, skipValue(b, p));
    if (b[p] === 0x3b) p = skipSpace(b, p + 1);
  }
  return -1;
}

/** The entries of the table whose `{` is at `open`. */
export function scanTable(b: Buffer, open: number): TableSpan {
  if (b[open] !== LBRACE) throw new DataError(`no table at offset ${open}`);
  const entries: EntrySpan[] = [];
  let positional = 0;
  let p = skipSpace(b, open + 1);
  while (b[p] !== RBRACE) {
    if (p >= b.length) throw new DataError('table not closed');
    const start = p;
    let key: string | number;
    if (b[p] === LBRACKET && b[p + 1] !== LBRACKET && b[p + 1] !== EQUALS) {
      p = skipSpace(b, p + 1);
      const keyEnd = skipValue(b, p);
      key = keyValue(b, p, keyEnd);
      p = skipSpace(b, keyEnd);
      if (b[p] !== RBRACKET) throw new DataError(`expected "]" at offset ${p}`);
      p = skipSpace(b, p + 1);
      if (b[p] !== EQUALS) throw new DataError(`expected "=" at offset ${p}`);
      p = skipSpace(b, p + 1);
    } else {
      const nameEnd = identEnd(b, p);
      const after = skipSpace(b, nameEnd);
      if (nameEnd > p && b[after] === EQUALS && b[after + 1] !== EQUALS) {
        key = b.toString('latin1', p, nameEnd);
        p = skipSpace(b, after + 1);
      } else {
        positional += 1;
        key = positional;
      }
    }
    const valueStart = p;
    const valueEnd = skipValue(b, p);
    p = skipSpace(b, valueEnd);
    let end = valueEnd;
    if (b[p] === 0x2c || b[p] === 0x3b) {
      end = p + 1;
      p = skipSpace(b, p + 1);
    }
    entries.push({ key, start, valueStart, valueEnd, end });
  }
  return { open, close: p, entries };
}

/** Past the value starting at p. */
export function skipValue(b: Buffer, p: number): number {
  const c = b[p];
  if (c === LBRACE) {
    let q = skipSpace(b, p + 1);
    while (b[q] !== RBRACE) {
      if (q >= b.length) throw new DataError('table not closed');
      if (b[q] === LBRACKET && b[q + 1] !== LBRACKET && b[q + 1] !== EQUALS) {
        q = skipSpace(b, skipValue(b, skipSpace(b, q + 1)));
        q = skipSpace(b, q + 1); // ]
        q = skipSpace(b, q + 1); // =
      } else {
        const nameEnd = identEnd(b, q);
        const after = skipSpace(b, nameEnd);
        if (nameEnd > q && b[after] === EQUALS && b[after + 1] !== EQUALS) q = skipSpace(b, after + 1);
      }
      q = skipSpace(b, skipValue(b, q));
      if (b[q] === 0x2c || b[q] === 0x3b) q = skipSpace(b, q + 1);
    }
    return q + 1;
  }
  if (c === QUOTE || c === APOSTROPHE) {
    let q = p + 1;
    while (q < b.length && b[q] !== c) q += b[q] === BACKSLASH ? 2 : 1;
    return q + 1;
  }
  if (c === LBRACKET) return longStringEnd(b, p);
  let q = p;
  if (b[q] === MINUS) q += 1;
  while (q < b.length && isWordByte(b[q]!)) {
    if ((b[q] === 0x2b || b[q] === MINUS) && !(b[q - 1] === 0x65 || b[q - 1] === 0x45)) break;
    q += 1;
  }
  if (q === p) throw new DataError(`unexpected byte at offset ${p}`);
  return q;
}

function longStringEnd(b: Buffer, p: number): number {
  let q = p + 1;
  let level = 0;
  while (b[q] === EQUALS) {
    level += 1;
    q += 1;
  }
  const close = b.indexOf(`]${'='.repeat(level)}]`, q + 1, 'latin1');
  if (close < 0) throw new DataError('unfinished long string');
  return close + level + 2;
}

export function skipSpace(b: Buffer, p: number): number {
  for (;;) {
    while (p < b.length && (b[p] === 0x20 || b[p] === 0x09 || b[p] === 0x0d || b[p] === NEWLINE || b[p] === 0x0b || b[p] === 0x0c)) p += 1;
    if (b[p] === MINUS && b[p + 1] === MINUS) {
      if (b[p + 2] === LBRACKET && (b[p + 3] === LBRACKET || b[p + 3] === EQUALS)) {
        p = longStringEnd(b, p + 2);
        continue;
      }
      const nl = b.indexOf(NEWLINE, p);
      p = nl < 0 ? b.length : nl + 1;
      continue;
    }
    return p;
  }
}

function identEnd(b: Buffer, p: number): number {
  let q = p;
  while (q < b.length) {
    const c = b[q]!;
    const ok = (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || (q > p && c >= 0x30 && c <= 0x39);
    if (!ok) break;
    q += 1;
  }
  return q;
}

/** A key's value: strings decoded as Lua does (the escapes WoW writes), numbers as numbers. */
function keyValue(b: Buffer, start: number, end: number): string | number {
  const c = b[start];
  if (c === QUOTE || c === APOSTROPHE) return unescapeLua(b.subarray(start + 1, end - 1));
  const n = Number(b.toString('latin1', start, end));
  return Number.isNaN(n) ? b.toString('latin1', start, end) : n;
}

const SIMPLE: Record<string, number> = { n: 10, t: 9, r: 13, a: 7, b: 8, f: 12, v: 11, '\\': 92, '"': 34, "'": 39, '\n': 10 };

function unescapeLua(raw: Buffer): string {
  if (!raw.includes(BACKSLASH)) return raw.toString('utf8');
  const out: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c !== BACKSLASH) {
      out.push(c);
      continue;
    }
    const e = String.fromCharCode(raw[i + 1]!);
    if (/[0-9]/.test(e)) {
      let digits = '';
      while (digits.length < 3 && /[0-9]/.test(String.fromCharCode(raw[i + 1]!))) digits += String.fromCharCode(raw[++i]!);
      out.push(Number(digits));
    } else {
      out.push(SIMPLE[e] ?? raw[i + 1]!);
      i += 1;
    }
  }
  return Buffer.from(out).toString('utf8');
}

/** Bytes of a number or a bare word (true, false, nil, 0x1F, 1e+5). */
function isWordByte(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === 0x2e || c === 0x2b || c === MINUS;
}
