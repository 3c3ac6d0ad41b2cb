/**
 * The streaming reader for WoWCombatLog*.txt (client-formats.md §4).
 *
 * Real logs are 100 MB–2 GB and ~98 % of their lines are damage, heal and
 * aura events nobody here needs, so the reader works on raw bytes in one
 * reused buffer: it finds each line's end and event name without making a
 * string of the line, and tokenises (fields.ts) only the events it keeps.
 * Memory is the buffer plus what the consumer keeps, whatever the file's size.
 *
 * Nothing in a file makes it throw: a line that is not `<timestamp>  EVENT,…`,
 * or a kept event whose fields are cut short, is counted as broken with its
 * line number; a last line with no newline (the game is still writing, or
 * crashed) is left unread and reported, so a later read continues there.
 * After a crash the next session's first line (COMBAT_LOG_VERSION) is glued
 * to the cut one: the cut part is reported broken and the header still read.
 * A cut damage or heal line is not noticed (it is never tokenised) — and
 * nothing is lost with it.
 */
import fs from 'node:fs';
import { combatantInfo, type GearCache } from './combatant.js';
import { KEPT_EVENTS, toEvent, type KeptEventName, type LogEvent } from './events.js';
import { decodeText, parseFields, parseTimestamp, type TextStats, type YearHint } from './fields.js';

/** COMBAT_LOG_VERSION values whose layouts client-formats.md describes (DF 20, TWW 21, Midnight 22). */
export const KNOWN_VERSIONS: ReadonlySet<number> = new Set([20, 21, 22]);

export interface ReadOptions {
  /** Byte offset to start at: the start of a line (a previous read's resume point). */
  from?: number;
  /** The number of lines before `from`, so line numbers stay those of the file. */
  linesBefore?: number;
  /** Read no further than this (the size when the read began: the game may still be writing). */
  size: number;
  years: YearHint;
  /** Player GUIDs whose names the consumer wants; each is removed once seen. */
  wantedNames?: Set<string>;
  bufferBytes?: number;
}

export interface ReadResult {
  /** Offset just past the last complete line read. */
  endOffset: number;
  /** Lines up to endOffset, counted from the file's start. */
  lines: number;
  /** Line numbers of broken lines (the first 1,000). */
  brokenLines: number[];
  brokenCount: number;
  /** The file ends in a line with no newline, left unread (its line number). */
  cutLine?: number;
  /** COMBAT_LOG_VERSION values seen, and those whose layout we do not know. */
  versions: number[];
  unknownVersions: number[];
  /** Names that were not UTF-8 and were read byte for byte (Latin-1). */
  nonUtf8Names: number;
  bytesRead: number;
}

/** Called with each kept event, the offset where its line starts and its line number. */
export type EventSink = (event: LogEvent, lineStart: number, lineNo: number) => void;

const NEWLINE = 10;
const CR = 13;
const SPACE = 32;
const COMMA = 44;
/** A line longer than this is not a log line; it is skipped as broken instead of growing the buffer further. */
const MAX_LINE = 16 * 2 ** 20;
const MAX_BROKEN_LISTED = 1000;
const PLAYER = Buffer.from('Player-');
const VERSION_HEADER = Buffer.from('COMBAT_LOG_VERSION,');

/** Reads `fd` from `options.from` to `options.size`, calling `sink` for every kept event. */
export function readCombatLog(fd: number, options: ReadOptions, sink: EventSink): ReadResult {
  const state = new LineState(options, sink);
  // 4 MB reads; a small file (or a short grown tail) gets a buffer its size.
  let buf = Buffer.allocUnsafe(options.bufferBytes ?? Math.min(4 * 2 ** 20, Math.max(64 * 1024, options.size - (options.from ?? 0) + 1)));
  let filePos = options.from ?? 0; // file offset of buf[0]
  let filled = 0;
  let skipping = false; // inside an over-long line, looking for its end
  for (;;) {
    const want = Math.min(buf.length - filled, options.size - (filePos + filled));
    const got = want > 0 ? fs.readSync(fd, buf, filled, want, filePos + filled) : 0;
    filled += got;
    let pos = 0;
    // One native search a buffer: where a log header sits, maybe mid-line after a crash.
    let header = buf.indexOf(VERSION_HEADER, 0);
    for (;;) {
      const nl = buf.indexOf(NEWLINE, pos);
      if (nl < 0 || nl >= filled) break;
      if (skipping) {
        skipping = false;
        state.lines += 1;
      } else if (header >= 0 && header < nl) {
        state.withHeader(buf, pos, nl, header, filePos);
        header = buf.indexOf(VERSION_HEADER, nl + 1);
      } else state.line(buf, pos, nl, filePos + pos);
      state.endOffset = filePos + nl + 1;
      pos = nl + 1;
    }
    const atEnd = got === 0;
    if (atEnd) {
      if (filled > pos) state.cutLine = state.lines + 1;
      break;
    }
    if (pos === 0 && filled === buf.length) {
      // No newline in the whole buffer: a long line. Grow up to MAX_LINE, then give it up as broken.
      if (buf.length < MAX_LINE) {
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, filled);
        buf = bigger;
        continue;
      }
      if (!skipping) state.broken(state.lines + 1);
      skipping = true;
      filePos += filled;
      filled = 0;
      continue;
    }
    buf.copyWithin(0, pos, filled);
    filePos += pos;
    filled -= pos;
  }
  return state.result(options);
}

/** `<timestamp>  EVENT,…`: the two spaces, within the first ~30 bytes. */
function separator(buf: Buffer, start: number, end: number): number | undefined {
  let sep = start + 8;
  const limit = Math.min(end - 1, start + 40);
  while (sep < limit && !(buf[sep] === SPACE && buf[sep + 1] === SPACE)) sep++;
  return sep < limit ? sep : undefined;
}

/** Per-line work and the running totals of one read. */
class LineState {
  lines: number;
  endOffset: number;
  cutLine: number | undefined;
  private readonly brokenLines: number[] = [];
  private brokenCount = 0;
  private readonly versions = new Set<number>();
  private readonly text: TextStats = { nonUtf8: 0 };
  private readonly wanted: Set<string> | undefined;
  private readonly gear: GearCache = new Map();

  constructor(
    private readonly options: ReadOptions,
    private readonly sink: EventSink,
  ) {
    this.lines = options.linesBefore ?? 0;
    this.endOffset = options.from ?? 0;
    this.wanted = options.wantedNames;
  }

  /** A line holding COMBAT_LOG_VERSION at `header`: its own event, or glued to a line a crash cut short. */
  withHeader(buf: Buffer, start: number, end: number, header: number, chunkOffset: number): void {
    const sep = separator(buf, start, end);
    const glued = sep !== undefined && sep + 2 === header ? undefined : this.gluedTimestamp(buf, start, header);
    if (glued === undefined) return this.line(buf, start, end, chunkOffset + start);
    this.lines += 1;
    this.broken(this.lines);
    this.line(buf, glued, end, chunkOffset + glued, true);
  }

  /** Where the glued line's timestamp starts: the leftmost start that parses and ends at the two spaces before `header`. */
  private gluedTimestamp(buf: Buffer, start: number, header: number): number | undefined {
    if (buf[header - 1] !== SPACE || buf[header - 2] !== SPACE) return undefined;
    const tsEnd = header - 2;
    for (let s = Math.max(start + 1, tsEnd - 30); s <= tsEnd - 10; s++) {
      if (parseTimestamp(buf, s, tsEnd, this.options.years) !== undefined) return s;
    }
    return undefined;
  }

  line(buf: Buffer, start: number, end: number, fileOffset: number, counted = false): void {
    if (!counted) this.lines += 1;
    if (end > start && buf[end - 1] === CR) end -= 1;
    if (end === start) return; // blank lines carry nothing and break nothing
    const sep = separator(buf, start, end);
    if (sep === undefined) return this.broken(this.lines);
    const nameStart = sep + 2;
    const first = buf[nameStart]!;
    // Kept events start with C, Z, M, E or U; damage, heal and aura lines (S, R, D, P…) stop here.
    if (first !== 67 && first !== 90 && first !== 77 && first !== 69 && first !== 85) {
      if (this.wanted !== undefined && this.wanted.size > 0) this.learnName(buf, start, sep, nameStart, end);
      return;
    }
    let comma = nameStart;
    while (comma < end && buf[comma] !== COMMA) comma++;
    const name = buf.toString('latin1', nameStart, comma);
    if (!KEPT_EVENTS.has(name)) return;
    const at = parseTimestamp(buf, start, sep, this.options.years);
    let event: LogEvent | undefined;
    if (at === undefined) event = undefined;
    else if (name === 'COMBATANT_INFO') event = combatantInfo(buf, comma + 1, end, at, this.gear);
    else {
      const fields = parseFields(buf, comma + 1, end, this.text);
      event = fields && toEvent(name as KeptEventName, at, fields);
    }
    if (!event) return this.broken(this.lines);
    if (event.type === 'UNIT_DIED' && !event.guid.startsWith('Player-')) return;
    if (event.type === 'COMBAT_LOG_VERSION') this.versions.add(event.version);
    this.sink(event, fileOffset, this.lines);
  }

  /** `EVENT,srcGUID,"srcName",…` where srcGUID is a player the consumer has no name for yet. */
  private learnName(buf: Buffer, start: number, sep: number, nameStart: number, end: number): void {
    let g = nameStart;
    while (g < end && buf[g] !== COMMA) g++;
    g += 1;
    if (buf.compare(PLAYER, 0, PLAYER.length, g, g + PLAYER.length) !== 0) return;
    let gEnd = g;
    while (gEnd < end && buf[gEnd] !== COMMA) gEnd++;
    const guid = buf.toString('latin1', g, gEnd);
    if (!this.wanted!.has(guid) || buf[gEnd + 1] !== 34) return;
    const close = buf.indexOf(34, gEnd + 2);
    if (close < 0 || close >= end) return;
    const at = parseTimestamp(buf, start, sep, this.options.years);
    if (at === undefined) return;
    this.wanted!.delete(guid);
    this.sink({ type: 'PLAYER_NAME', at, guid, name: decodeText(buf, gEnd + 2, close, this.text) }, start, this.lines);
  }

  broken(lineNo: number): void {
    this.brokenCount += 1;
    if (this.brokenLines.length < MAX_BROKEN_LISTED) this.brokenLines.push(lineNo);
  }

  result(options: ReadOptions): ReadResult {
    const versions = [...this.versions];
    return {
      endOffset: this.endOffset,
      lines: this.lines,
      brokenLines: this.brokenLines,
      brokenCount: this.brokenCount,
      ...(this.cutLine !== undefined && { cutLine: this.cutLine }),
      versions,
      unknownVersions: versions.filter((v) => !KNOWN_VERSIONS.has(v)),
      nonUtf8Names: this.text.nonUtf8,
      bytesRead: this.endOffset - (options.from ?? 0),
    };
  }
}
