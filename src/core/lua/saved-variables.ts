import fs from 'node:fs';
import { DataError } from '../errors.js';
import { LuaTable, type LuaKey, type LuaValue } from './lua-table.js';
import { APOSTROPHE, BACKSLASH, COMMA, DOT, EQUALS, LBRACE, LBRACKET, MINUS, NEWLINE, QUOTE, RBRACE, RBRACKET, RETURN, SEMICOLON } from './byte-codes.js';

/**
 * Reader for WoW SavedVariables files: a sequence of `Name = value` statements
 * whose values are Lua 5.1 data (tables, strings, numbers, booleans, nil).
 *
 * Why our own: luaparse builds a full AST (≈300 MB for a 30 MB file) that must
 * then be walked into objects; reading the data subset straight from bytes into
 * tables measured 3.6–4× faster with about a third of the memory
 * (`npm run bench:ingest`). luaparse remains the test oracle. `holocron ingest`
 * reads files through a 1 MB window (readSavedVariablesFd), so memory is the
 * tables, not the tables plus the file; stored copies are read from memory.
 *
 * Strings are bytes in the file: `\ddd` escapes are bytes, and the result is
 * decoded as UTF-8 (a stray invalid byte becomes U+FFFD, never an error).
 * A syntax error names the file, line and column.
 */
export type SavedVariables = Map<string, LuaValue | null>;

/**
 * Tables nested deeper than this reject the file. Real SavedVariables nest a
 * few dozen levels at most (WeakAuras' deepest ≈ 20); the limit exists so a
 * hostile or corrupt file is an error with a line number, not a stack overflow.
 */
export const MAX_TABLE_DEPTH = 256;

export function readSavedVariables(bytes: Buffer, file = '<input>'): SavedVariables {
  return new Reader(file, bytes).document();
}

/**
 * Line and column of the entry `key` in the table that starts at byte
 * `tableAt` (a LuaTable's `at`): for error messages about a value the readers
 * found wrong after parsing. Reads the table again; only ever on an error path.
 */
export function locateField(bytes: Buffer, tableAt: number, key: LuaKey): { line: number; column: number } | undefined {
  return new Reader('<locate>', bytes).fieldLocation(tableAt, key);
}

export interface WindowOptions {
  /** Initial window size (it grows for tokens longer than the window). */
  windowBytes?: number;
  /** Bytes kept ahead of every token start. */
  margin?: number;
}

export function readSavedVariablesFile(path: string, label = path, window: WindowOptions = {}): SavedVariables {
  const fd = fs.openSync(path, 'r');
  try {
    return readSavedVariablesFd(fd, label, window);
  } finally {
    fs.closeSync(fd);
  }
}

/** From an open descriptor, by positional reads (the descriptor's offset is not used). */
export function readSavedVariablesFd(fd: number, label: string, window: WindowOptions = {}): SavedVariables {
  const readAt: ReadAt = (target, offset, length, position) => fs.readSync(fd, target, offset, length, position);
  return new Reader(label, undefined, readAt, window).document();
}

/** Positional read: (target, offset in target, length, position in file) → bytes read. */
type ReadAt = (target: Buffer, offset: number, length: number, position: number) => number;


const WINDOW_BYTES = 1 << 20;
/** Bytes guaranteed ahead at every token start (longer tokens grow the window). */
const MARGIN = 64 * 1024;

const ESCAPES: Record<number, number> = {
  0x6e: 0x0a, // \n
  0x74: 0x09, // \t
  0x72: 0x0d, // \r
  0x61: 0x07, // \a
  0x62: 0x08, // \b
  0x66: 0x0c, // \f
  0x76: 0x0b, // \v
  0x5c: 0x5c, // \\
  0x22: 0x22, // \"
  0x27: 0x27, // \'
  0x0a: 0x0a, // backslash-newline
};

function isIdentStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f;
}

function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 0x30 && c <= 0x39);
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

class Reader {
  private b: Buffer;
  /** Valid bytes in the window. */
  private end: number;
  private pos = 0;
  /** File offset of b[0], and the line it is on (windows start at a line start). */
  private base = 0;
  private lineBase = 1;
  private eof: boolean;
  /** Tables open around the current position. */
  private depth = 0;
  /** Set by fieldLocation: the entry of the outermost table to find. */
  private probe: { key: LuaKey; offset?: number } | undefined;

  private readonly margin: number;

  constructor(
    private readonly file: string,
    whole: Buffer | undefined,
    private readonly readAt?: ReadAt,
    window: WindowOptions = {},
  ) {
    this.margin = window.margin ?? MARGIN;
    if (whole) {
      this.b = whole;
      this.end = whole.length;
      this.eof = true;
    } else {
      this.b = Buffer.allocUnsafe(window.windowBytes ?? WINDOW_BYTES);
      this.end = 0;
      this.eof = false;
      this.fill();
    }
    // A UTF-8 byte-order mark is not part of the data.
    if (this.b[0] === 0xef && this.b[1] === 0xbb && this.b[2] === 0xbf) this.pos = 3;
  }

  document(): SavedVariables {
    const globals: SavedVariables = new Map();
    for (;;) {
      this.skipSpace();
      this.ensureAhead();
      if (this.pos >= this.end) break;
      const start = this.pos;
      const name = this.identifier();
      if (name === undefined) this.fail(start, 'expected a variable name (`Name = value`)');
      this.skipSpace();
      if (this.b[this.pos] !== EQUALS) this.fail(this.pos, `expected "=" after ${name}`);
      this.pos += 1;
      this.skipSpace();
      const value = this.value(true);
      globals.set(name, value ?? null);
      this.skipSpace();
      if (this.b[this.pos] === SEMICOLON) this.pos += 1;
    }
    if (globals.size === 0) throw new DataError(`${this.file}: the file is empty (no \`Name = value\` statements)`);
    return globals;
  }

  fieldLocation(tableAt: number, key: LuaKey): { line: number; column: number } | undefined {
    if (this.b[tableAt] !== LBRACE) return undefined;
    this.pos = tableAt;
    this.probe = { key };
    try {
      this.table();
    } catch {
      // The table was read once already; anything odd here only costs the location.
    }
    const offset = this.probe.offset;
    this.probe = undefined;
    return offset === undefined ? undefined : this.location(offset);
  }

  /** A value; `nil` gives undefined. */
  private value(allowNil: boolean): LuaValue | undefined {
    this.ensureAhead();
    const b = this.b;
    const c = b[this.pos];
    if (c === undefined || this.pos >= this.end) this.fail(this.pos, 'unexpected end of file: a value is missing');
    if (c === LBRACE) return this.table();
    if (c === QUOTE || c === APOSTROPHE) return this.quoted(c);
    if (isDigit(c) || c === MINUS || c === DOT) return this.number();
    if (c === LBRACKET && (b[this.pos + 1] === LBRACKET || b[this.pos + 1] === EQUALS)) return this.longString();
    const start = this.pos;
    const word = this.identifier();
    if (word === 'true') return true;
    if (word === 'false') return false;
    if (word === 'nil') {
      if (!allowNil) this.fail(start, 'nil is not allowed here');
      return undefined;
    }
    this.fail(start, word ? `unexpected word "${word}"` : `unexpected character "${String.fromCharCode(c)}"`);
  }

  private table(): LuaTable {
    // A file offset: the window may move while the table is read.
    const opened = this.base + this.pos;
    if (this.depth >= MAX_TABLE_DEPTH) this.fail(this.pos, `tables nested more than ${MAX_TABLE_DEPTH} levels deep (a corrupt or hostile file)`);
    this.depth += 1;
    this.pos += 1; // {
    const t = new LuaTable(opened);
    for (;;) {
      this.skipSpace();
      this.ensureAhead();
      const b = this.b;
      const c = this.pos < this.end ? b[this.pos] : undefined;
      if (c === RBRACE) {
        this.pos += 1;
        this.depth -= 1;
        return t;
      }
      if (c === undefined) this.unclosed(opened);
      const entryAt = this.base + this.pos;
      if (c === LBRACKET && b[this.pos + 1] !== LBRACKET && b[this.pos + 1] !== EQUALS) {
        // [key] = value
        this.pos += 1;
        this.skipSpace();
        const keyStart = this.base + this.pos;
        const key = this.value(false);
        if (key === undefined || key instanceof LuaTable) this.fail(keyStart - this.base, 'a table key must be a string, number or boolean');
        if (this.probe !== undefined && this.depth === 1 && key === this.probe.key) this.probe.offset = entryAt;
        this.skipSpace();
        if (this.b[this.pos] !== RBRACKET) this.fail(this.pos, 'expected "]" after a table key');
        this.pos += 1;
        this.skipSpace();
        if (this.b[this.pos] !== EQUALS) this.fail(this.pos, 'expected "=" after "[key]"');
        this.pos += 1;
        this.skipSpace();
        const value = this.value(true);
        if (value !== undefined) t.set(key, value);
      } else if (isIdentStart(c) && this.isNameField()) {
        // name = value
        const key = this.identifier()!;
        if (this.probe !== undefined && this.depth === 1 && key === this.probe.key) this.probe.offset = entryAt;
        this.skipSpace();
        this.pos += 1; // =
        this.skipSpace();
        const value = this.value(true);
        if (value !== undefined) t.set(key, value);
      } else {
        // positional; `nil` keeps its place as a hole
        if (this.probe !== undefined && this.depth === 1 && t.items.length + 1 === this.probe.key) this.probe.offset = entryAt;
        t.push(this.value(true));
      }
      this.skipSpace();
      const sep = this.pos < this.end ? this.b[this.pos] : undefined;
      if (sep === COMMA || sep === SEMICOLON) {
        this.pos += 1;
        continue;
      }
      if (sep === RBRACE) continue;
      if (sep === undefined) this.unclosed(opened);
      this.fail(this.pos, 'expected "," or "}" in a table');
    }
  }

  /** At an identifier: is it `name = value` (a field) rather than true/false/nil? */
  private isNameField(): boolean {
    const b = this.b;
    let p = this.pos;
    while (p < this.end && isIdentPart(b[p]!)) p += 1;
    while (p < this.end && (b[p] === 0x20 || b[p] === 0x09 || b[p] === NEWLINE || b[p] === RETURN)) p += 1;
    return b[p] === EQUALS && b[p + 1] !== EQUALS;
  }

  private identifier(): string | undefined {
    const b = this.b;
    const start = this.pos;
    if (start >= this.end || !isIdentStart(b[start]!)) return undefined;
    let p = start + 1;
    let hash = b[start]!;
    while (p < this.end && isIdentPart(b[p]!)) {
      hash = (Math.imul(hash, 31) + b[p]!) | 0;
      p += 1;
    }
    this.pos = p;
    return internAscii(b, start, p, hash);
  }

  private quoted(delimiter: number): string {
    const opened = this.pos;
    let b = this.b;
    const start = this.pos + 1;
    let p = start;
    let high = 0;
    let hash = 0;
    // Fast path: no escapes.
    for (;;) {
      if (p >= this.end) {
        if (!this.grow()) this.fail(opened, 'unfinished string: the file ends inside it');
        b = this.b;
        continue;
      }
      const c = b[p]!;
      if (c === delimiter) {
        this.pos = p + 1;
        return high < 0x80 ? internAscii(b, start, p, hash) : utf8Slice(b, start, p);
      }
      high |= c;
      hash = (Math.imul(hash, 31) + c) | 0;
      if (c === BACKSLASH) break;
      if (c === NEWLINE) this.fail(opened, 'unfinished string (a line break inside quotes)');
      p += 1;
    }
    // Slow path: collect bytes, resolving escapes, then decode once.
    const out: number[] = [];
    for (let i = start; i < p; i++) out.push(b[i]!);
    for (;;) {
      // An escape looks up to 3 bytes ahead.
      if (p + 3 >= this.end && this.grow()) b = this.b;
      if (p >= this.end) this.fail(opened, 'unfinished string: the file ends inside it');
      const c = b[p]!;
      if (c === delimiter) {
        this.pos = p + 1;
        return Buffer.from(out).toString('utf8');
      }
      if (c === NEWLINE) this.fail(opened, 'unfinished string (a line break inside quotes)');
      if (c !== BACKSLASH) {
        out.push(c);
        p += 1;
        continue;
      }
      const e = b[p + 1];
      if (e === undefined || p + 1 >= this.end) this.fail(opened, 'unfinished string: the file ends inside it');
      if (isDigit(e)) {
        // \ddd: up to three decimal digits, one byte
        let value = 0;
        let q = p + 1;
        for (let n = 0; n < 3 && q < this.end && isDigit(b[q]!); n++, q++) value = value * 10 + (b[q]! - 48);
        if (value > 255) this.fail(p, `escape \\${value} is not a byte`);
        out.push(value);
        p = q;
        continue;
      }
      if (e === RETURN) {
        // backslash + CRLF is one line break
        out.push(NEWLINE);
        p += b[p + 2] === NEWLINE ? 3 : 2;
        continue;
      }
      const mapped = ESCAPES[e];
      if (mapped === undefined) this.fail(p, `invalid escape "\\${String.fromCharCode(e)}"`);
      out.push(mapped);
      p += 2;
    }
  }

  /** [[…]] or [==[…]==]; a first newline is dropped, as Lua does. */
  private longString(): string {
    const opened = this.pos;
    let p = this.pos + 1;
    let level = 0;
    while (this.b[p] === EQUALS) {
      level += 1;
      p += 1;
    }
    if (this.b[p] !== LBRACKET) this.fail(opened, 'invalid long string delimiter');
    p += 1;
    if (p + 1 >= this.end) this.grow();
    if (this.b[p] === RETURN) p += this.b[p + 1] === NEWLINE ? 2 : 1;
    else if (this.b[p] === NEWLINE) p += this.b[p + 1] === RETURN ? 2 : 1;
    const start = p;
    const close = this.findLongClose(p, level);
    if (close < 0) this.fail(opened, 'unfinished long string: the file ends inside it');
    this.pos = close + level + 2;
    return this.b.toString('utf8', start, close);
  }

  /** Position of the `]` that starts `]==]` (level `=`), or -1; grows the window as needed. */
  private findLongClose(from: number, level: number): number {
    let searchFrom = from;
    for (;;) {
      const b = this.b;
      for (let p = b.indexOf(RBRACKET, searchFrom); p !== -1 && p < this.end; p = b.indexOf(RBRACKET, p + 1)) {
        if (p + level + 1 >= this.end) break; // the delimiter may continue past the window
        let q = p + 1;
        let n = 0;
        while (n < level && b[q] === EQUALS) {
          n += 1;
          q += 1;
        }
        if (n === level && b[q] === RBRACKET) return p;
      }
      const scanned = Math.max(from, this.end - level - 2);
      if (!this.grow()) return -1;
      searchFrom = scanned;
    }
  }

  private number(): number {
    const b = this.b;
    const start = this.pos;
    let p = start;
    let negative = false;
    if (b[p] === MINUS) {
      negative = true;
      p += 1;
      while (b[p] === 0x20 || b[p] === 0x09) p += 1;
    }
    // Hexadecimal: 0x…
    if (b[p] === 0x30 && (b[p + 1] === 0x78 || b[p + 1] === 0x58)) {
      let q = p + 2;
      let value = 0;
      const digitsStart = q;
      for (; q < this.end; q++) {
        const c = b[q]!;
        const d = c >= 0x30 && c <= 0x39 ? c - 48 : c >= 0x61 && c <= 0x66 ? c - 87 : c >= 0x41 && c <= 0x46 ? c - 55 : -1;
        if (d < 0) break;
        value = value * 16 + d;
      }
      if (q === digitsStart) this.fail(start, 'malformed hexadecimal number');
      this.pos = q;
      return negative ? -value : value;
    }
    // Fast path: plain integer.
    let value = 0;
    let q = p;
    while (q < this.end && isDigit(b[q]!)) {
      value = value * 10 + (b[q]! - 48);
      q += 1;
    }
    const c = q < this.end ? b[q] : undefined;
    if (c !== DOT && c !== 0x65 && c !== 0x45 && q > p && q - p <= 15) {
      this.pos = q;
      return negative ? -value : value;
    }
    // General decimal: digits, fraction, exponent.
    q = p;
    while (q < this.end && isDigit(b[q]!)) q += 1;
    if (q < this.end && b[q] === DOT) {
      q += 1;
      while (q < this.end && isDigit(b[q]!)) q += 1;
    }
    if (q < this.end && (b[q] === 0x65 || b[q] === 0x45)) {
      q += 1;
      if (b[q] === 0x2b || b[q] === MINUS) q += 1;
      const exponentStart = q;
      while (q < this.end && isDigit(b[q]!)) q += 1;
      if (q === exponentStart) this.fail(start, 'malformed number exponent');
    }
    const text = b.toString('latin1', p, q);
    const parsed = Number(text);
    if (text === '' || text === '.' || Number.isNaN(parsed)) this.fail(start, 'malformed number');
    this.pos = q;
    return negative ? -parsed : parsed;
  }

  private skipSpace(): void {
    for (;;) {
      const b = this.b;
      let p = this.pos;
      while (p < this.end) {
        const c = b[p];
        if (c === 0x20 || c === NEWLINE || c === 0x09 || c === RETURN || c === 0x0c || c === 0x0b) p += 1;
        else break;
      }
      this.pos = p;
      if (p >= this.end) {
        if (this.grow()) continue;
        return;
      }
      if (b[p] === MINUS && p + 1 >= this.end && this.grow()) continue;
      if (b[p] === MINUS && b[p + 1] === MINUS) {
        this.pos = this.skipComment(p + 2);
        continue;
      }
      return;
    }
  }

  private skipComment(afterDashes: number): number {
    if (afterDashes + 2 >= this.end) this.grow();
    const b = this.b;
    if (b[afterDashes] === LBRACKET) {
      let q = afterDashes + 1;
      let level = 0;
      while (b[q] === EQUALS) {
        level += 1;
        q += 1;
      }
      if (b[q] === LBRACKET) {
        const close = this.findLongClose(q + 1, level);
        if (close < 0) this.fail(afterDashes - 2, 'unfinished long comment: the file ends inside it');
        return close + level + 2;
      }
    }
    for (;;) {
      const newline = this.b.indexOf(NEWLINE, afterDashes);
      if (newline !== -1 && newline < this.end) return newline + 1;
      if (!this.grow()) return this.end;
    }
  }

  /**
   * At a token start with fewer than MARGIN bytes left: move the window forward
   * (keeping the current line) and refill it.
   */
  private ensureAhead(): void {
    if (this.eof || this.end - this.pos >= this.margin) return;
    const lineStart = this.pos === 0 ? 0 : this.b.lastIndexOf(NEWLINE, this.pos - 1) + 1;
    if (lineStart > 0) {
      this.lineBase += countNewlines(this.b, 0, lineStart);
      this.b.copyWithin(0, lineStart, this.end);
      this.base += lineStart;
      this.pos -= lineStart;
      this.end -= lineStart;
    }
    this.fill();
    // A line longer than the window: enlarge it rather than cut a token.
    while (this.end - this.pos < this.margin && this.grow());
  }

  /** Appends more of the file to the window (enlarging it when full); false at end of file. */
  private grow(): boolean {
    if (this.eof) return false;
    if (this.end === this.b.length) {
      const larger = Buffer.allocUnsafe(this.b.length * 2);
      this.b.copy(larger, 0, 0, this.end);
      this.b = larger;
    }
    const before = this.end;
    this.fill();
    return this.end > before;
  }

  private fill(): void {
    while (!this.eof && this.end < this.b.length) {
      const n = this.readAt!(this.b, this.end, this.b.length - this.end, this.base + this.end);
      if (n === 0) this.eof = true;
      this.end += n;
    }
  }

  private unclosed(openedAt: number): never {
    const { line, column } = this.location(openedAt);
    this.fail(this.end, `unexpected end of file: the table opened at line ${line}, column ${column} is not closed (the file looks cut off)`);
  }

  /** Line and column (in characters) of a file offset. */
  private location(fileOffset: number): { line: number; column: number } {
    if (fileOffset >= this.base) {
      const offset = fileOffset - this.base;
      const lineStart = offset === 0 ? 0 : this.b.lastIndexOf(NEWLINE, offset - 1) + 1;
      const line = this.lineBase + countNewlines(this.b, 0, lineStart);
      return { line, column: this.b.toString('utf8', lineStart, Math.min(offset, this.end)).length + 1 };
    }
    // Before the window: count from the start of the file (only ever for an error).
    const chunk = Buffer.allocUnsafe(WINDOW_BYTES);
    let line = 1;
    let lineStartOffset = 0;
    for (let at = 0; at < fileOffset; ) {
      const n = this.readAt!(chunk, 0, Math.min(chunk.length, fileOffset - at), at);
      if (n === 0) break;
      for (let i = chunk.indexOf(NEWLINE, 0); i !== -1 && i < n; i = chunk.indexOf(NEWLINE, i + 1)) {
        line += 1;
        lineStartOffset = at + i + 1;
      }
      at += n;
    }
    const prefix = Buffer.allocUnsafe(fileOffset - lineStartOffset);
    this.readAt!(prefix, 0, prefix.length, lineStartOffset);
    return { line, column: prefix.toString('utf8').length + 1 };
  }

  private fail(offset: number, problem: string): never {
    const { line, column } = this.location(this.base + offset);
    throw new DataError(`${this.file}:${line}:${column}: ${problem}`);
  }
}

/**
 * Buffer's own slice methods, without toString()'s argument checks and
 * dispatch: a 28 MB file makes ~700,000 strings, and the wrapper was a tenth
 * of the parse. Pure ASCII (most of a SavedVariables file) is decoded as
 * latin1, which needs no UTF-8 validation and gives V8's one-byte strings.
 */
type SliceableBuffer = Buffer & { latin1Slice(start: number, end: number): string; utf8Slice(start: number, end: number): string };

/**
 * A file repeats the same keys and values hundreds of thousands of times
 * ("itemCount", "itemLink", the same reagent's link in every bag). Strings up
 * to INTERN_MAX bytes are looked up by a hash computed while scanning them and
 * compared byte by byte, so a repeat costs a short loop instead of a call into
 * C++ and a new string (and the same string object later hashes once as a
 * property key or Map key). Direct-mapped: a collision only replaces.
 */
const INTERN_MAX = 160;
const INTERN_SLOTS = 1 << 14;
const interned: Array<string | undefined> = new Array(INTERN_SLOTS);

function internAscii(b: Buffer, start: number, end: number, hash: number): string {
  const length = end - start;
  if (length > INTERN_MAX) return asciiSlice(b, start, end);
  const slot = (hash ^ (hash >>> 15) ^ length) & (INTERN_SLOTS - 1);
  const known = interned[slot];
  if (known !== undefined && known.length === length) {
    let i = 0;
    while (i < length && known.charCodeAt(i) === b[start + i]) i += 1;
    if (i === length) return known;
  }
  const text = asciiSlice(b, start, end);
  interned[slot] = text;
  return text;
}

function asciiSlice(b: Buffer, start: number, end: number): string {
  return (b as SliceableBuffer).latin1Slice(start, end);
}

function utf8Slice(b: Buffer, start: number, end: number): string {
  return (b as SliceableBuffer).utf8Slice(start, end);
}

function countNewlines(b: Buffer, from: number, to: number): number {
  let n = 0;
  for (let i = b.indexOf(NEWLINE, from); i !== -1 && i < to; i = b.indexOf(NEWLINE, i + 1)) n += 1;
  return n;
}
