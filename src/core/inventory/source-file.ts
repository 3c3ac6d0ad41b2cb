/**
 * Reading one SavedVariables file for `ingest` with bounded memory: the file
 * is never held whole. One pass in 1 MB chunks hashes it and notes the globals
 * it assigns (to skip other addons' files unparsed); the parse then reads it
 * through the reader's window, on the same descriptor, while a worker thread
 * compresses a copy for holocron.source_contents on the other core.
 *
 * The game replaces a file on logout; a descriptor keeps reading the version
 * it opened. A file rewritten in place while we read it is caught by its size
 * and modification time changing, and reported so the next run reads it again.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import { errnoCode } from '../errors.js';
import { readSavedVariables, readSavedVariablesFd, type SavedVariables } from '../lua/saved-variables.js';

const CHUNK = 1 << 20;

export interface SourceFile {
  path: string;
  size: number;
  modifiedAt: Date;
  /** stat's mtimeMs, fractions included, to notice a rewrite. */
  modifiedMs?: number;
  sha256: Buffer;
  /** Names assigned at the start of a line. */
  globals: string[];
  /** Open while the file is being ingested; undefined for a stored copy. */
  fd?: number;
  /** A stored copy's bytes (re-reads); files on disk are not held in memory. */
  bytes?: Buffer;
}

/** Why a file could not be read, in the words a user acts on. */
export class UnreadableFileError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path}: ${reason}`);
  }
}

/** The file changed while we read it (the game saving it): read it again later. */
export class FileChangedError extends Error {
  constructor(readonly path: string) {
    super(`${path}: the file changed while it was being read (was the game saving it?); run ingest again`);
  }
}

export function openSourceFile(path: string): SourceFile {
  let fd: number;
  try {
    fd = fs.openSync(path, 'r');
  } catch (error) {
    throw new UnreadableFileError(path, unreadableReason(path, error));
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw new UnreadableFileError(path, 'not a regular file');
    const hash = createHash('sha256');
    const sniffer = new GlobalSniffer();
    const chunk = Buffer.allocUnsafe(CHUNK);
    for (let position = 0; ; ) {
      const n = fs.readSync(fd, chunk, 0, CHUNK, position);
      if (n === 0) break;
      const view = chunk.subarray(0, n);
      hash.update(view);
      sniffer.feed(view);
      position += n;
    }
    return { path, size: stat.size, modifiedAt: stat.mtime, modifiedMs: stat.mtimeMs, sha256: hash.digest(), globals: sniffer.names(), fd };
  } catch (error) {
    fs.closeSync(fd);
    if (error instanceof UnreadableFileError) throw error;
    throw new UnreadableFileError(path, unreadableReason(path, error));
  }
}

/** A stored copy, already in memory. */
export function sourceFromBytes(path: string, bytes: Buffer, modifiedAt: Date, sha256: Buffer): SourceFile {
  const sniffer = new GlobalSniffer();
  sniffer.feed(bytes);
  return { path, size: bytes.length, modifiedAt, sha256, globals: sniffer.names(), bytes };
}

export function closeSourceFile(source: SourceFile): void {
  if (source.fd !== undefined) fs.closeSync(source.fd);
  source.fd = undefined;
}

export function parseSourceFile(source: SourceFile): SavedVariables {
  if (source.bytes) return readSavedVariables(source.bytes, source.path);
  const sv = readSavedVariablesFd(source.fd!, source.path);
  assertUnchanged(source);
  return sv;
}

/** The whole file, for the error paths that must show where a bad value is. */
export function sourceBytes(source: SourceFile): Buffer {
  if (source.bytes) return source.bytes;
  const bytes = Buffer.allocUnsafe(source.size);
  let read = 0;
  while (read < source.size) {
    const n = fs.readSync(source.fd!, bytes, read, source.size - read, read);
    if (n === 0) break;
    read += n;
  }
  return bytes.subarray(0, read);
}

function assertUnchanged(source: SourceFile): void {
  const now = fs.fstatSync(source.fd!);
  if (now.size !== source.size || now.mtimeMs !== source.modifiedMs) throw new FileChangedError(source.path);
}

/**
 * gzip of the file, computed in a worker thread from the same descriptor so it
 * overlaps the parse; the worker hashes what it compressed, and a hash that
 * differs from the first pass means the file changed underneath us.
 */
export function compressSourceFile(source: SourceFile): Promise<Buffer> {
  if (source.bytes) return Promise.reject(new Error('stored copies are compressed already'));
  return new Promise((resolve, reject) => {
    const worker = new Worker(GZIP_WORKER, {
      eval: true,
      workerData: { fd: source.fd, size: source.size },
      // It holds a 1 MB chunk and the compressed output; a default-sized heap would only add to the process's peak.
      resourceLimits: { maxYoungGenerationSizeMb: 2, maxOldGenerationSizeMb: 64 },
    });
    worker.once('message', (message: { parts: Uint8Array[]; sha256: Uint8Array }) => {
      if (!Buffer.from(message.sha256).equals(source.sha256)) reject(new FileChangedError(source.path));
      else resolve(Buffer.concat(message.parts));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the compression worker exited with code ${code}`));
    });
  });
}

// Plain script text so it runs from the bundle without a file of its own
// (getBuiltinModule: eval'd code is CommonJS or ESM depending on --input-type). Each
// 1 MB chunk becomes a gzip member of its own (RFC 1952 allows several; gunzip
// reads them as one stream): synchronous, so the worker needs no event loop and
// keeps only a chunk and the compressed output (a streaming gzip here added
// ~40 MB to the process at peak).
const GZIP_WORKER = `
const { parentPort, workerData } = process.getBuiltinModule('node:worker_threads');
const fs = process.getBuiltinModule('node:fs');
const zlib = process.getBuiltinModule('node:zlib');
const crypto = process.getBuiltinModule('node:crypto');
const { fd, size } = workerData;
const hash = crypto.createHash('sha256');
const chunk = Buffer.allocUnsafe(1 << 20);
const parts = [];
for (let position = 0; position < size; ) {
  const n = fs.readSync(fd, chunk, 0, Math.min(chunk.length, size - position), position);
  if (n === 0) break;
  const view = chunk.subarray(0, n);
  hash.update(view);
  parts.push(zlib.gzipSync(view, { level: 6 }));
  position += n;
}
// The parts as they are (no concatenated copy here): moved, not copied, to the main thread.
parentPort.postMessage({ parts, sha256: hash.digest() }, parts.map((part) => part.buffer));
`;

export function unreadableReason(path: string, error: unknown): string {
  const code = errnoCode(error);
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOENT') {
    try {
      return fs.lstatSync(path).isSymbolicLink() ? `broken link (it points to ${fs.readlinkSync(path)}, which does not exist)` : 'no such file';
    } catch {
      return 'no such file (it disappeared while being read)';
    }
  }
  if (code === 'ELOOP') return 'a link that points to itself';
  if (code === 'EISDIR') return 'a folder, not a file';
  return `cannot read (${code ?? (error as Error).message})`;
}

/**
 * Names assigned at the start of a line (`Name = …`), which is how the client
 * writes every top-level variable. Fed chunk by chunk; a line cut by a chunk
 * boundary is carried over.
 */
export class GlobalSniffer {
  private readonly found = new Set<string>();
  private carry: Buffer | undefined;
  private atFileStart = true;
  private atLineStart = true;

  feed(chunk: Buffer): void {
    let b = chunk;
    let lineStart: number;
    if (this.carry) {
      b = Buffer.concat([this.carry, chunk]);
      this.carry = undefined;
      lineStart = 0;
    } else if (this.atLineStart) {
      lineStart = this.atFileStart && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
    } else {
      const first = b.indexOf(0x0a);
      lineStart = first + 1;
      if (first < 0) return;
    }
    this.atFileStart = false;
    this.atLineStart = b.length > 0 && b[b.length - 1] === 0x0a;
    while (lineStart < b.length) {
      if (!this.checkLine(b, lineStart)) {
        // Undecided at the end of the chunk: the line's start goes on with the next one.
        this.carry = Buffer.from(b.subarray(lineStart));
        this.atLineStart = false;
        return;
      }
      const next = b.indexOf(0x0a, lineStart);
      if (next < 0) return;
      lineStart = next + 1;
    }
  }

  names(): string[] {
    if (this.carry) this.checkLine(Buffer.concat([this.carry, Buffer.from('\n')]), 0);
    this.carry = undefined;
    return [...this.found];
  }

  /** False when the line runs past the buffer before we can tell. */
  private checkLine(b: Buffer, start: number): boolean {
    if (!isIdentStart(b[start]!)) return true;
    let p = start + 1;
    while (p < b.length && isIdentPart(b[p]!)) p += 1;
    const nameEnd = p;
    while (p < b.length && (b[p] === 0x20 || b[p] === 0x09)) p += 1;
    if (p >= b.length) return nameEnd - start > 200;
    if (b[p] === 0x3d) this.found.add(b.toString('latin1', start, nameEnd));
    return true;
  }
}

function isIdentStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f;
}

function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 0x30 && c <= 0x39);
}
