/**
 * Sends one file the way `POST /api/v1/files` takes it: SavedVariables whole
 * and gzipped, combat logs in chunks from the offset the server has confirmed.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import zlib from 'node:zlib';
import { planChunks } from './chunks.js';
import { json, serverError, type BridgeClient, type Reply } from './client.js';
import type { WatchedFile } from './layout.js';

export const FILES_ROUTE = '/api/v1/files';

export type UploadStatus = 'ingested' | 'unchanged' | 'rejected';

export interface UploadResult {
  status: UploadStatus;
  /** Combat logs: the bytes the server holds now. */
  offset?: number;
  reason?: string;
  warnings: string[];
  file?: unknown;
}

interface FilesAnswer {
  status?: string;
  nextOffset?: number;
  expectedOffset?: number | null;
  warnings?: unknown;
  file?: { error?: unknown } | unknown;
  error?: unknown;
}

function baseHeaders(file: WatchedFile, mtimeMs: number): Record<string, string> {
  return {
    'content-type': 'application/octet-stream',
    'content-encoding': 'gzip',
    'x-holocron-file-name': headerText(file.name),
    'x-holocron-account': headerText(file.account),
    'x-holocron-flavour': file.flavour,
    'x-holocron-mtime': String(Math.trunc(mtimeMs)),
  };
}

/**
 * Header values are ASCII on the wire. Account folders such as `12345678#1` go as
 * they are; a name with other characters, or with a '%', is percent-encoded
 * (serve decodes it).
 */
export function headerText(value: string): string {
  return /^[\x20-\x7e]*$/.test(value) && !value.includes('%') ? value : encodeURIComponent(value);
}

export async function uploadWhole(client: BridgeClient, file: WatchedFile, bytes: Buffer, mtimeMs: number): Promise<UploadResult> {
  const reply = await client.send('POST', FILES_ROUTE, { headers: baseHeaders(file, mtimeMs), body: zlib.gzipSync(bytes) });
  return verdict(reply);
}

/**
 * Sends `[from, totalSize)` of a combat log. `onConfirmed` runs after each chunk
 * the server acknowledged, so the caller can save the offset before the next one.
 */
export async function uploadLog(
  client: BridgeClient,
  file: WatchedFile,
  range: { from: number; totalSize: number; mtimeMs: number; chunkBytes: number },
  onConfirmed: (offset: number) => void,
): Promise<UploadResult> {
  const handle = fs.openSync(file.path, 'r');
  try {
    let offset = range.from;
    // A 409 can send us back; more rounds than chunks plus a few means the server and we disagree for good.
    let rounds = planChunks(0, range.totalSize, range.chunkBytes).length + 5;
    while (rounds-- > 0) {
      const chunk = planChunks(offset, range.totalSize, range.chunkBytes)[0] ?? { offset: range.totalSize, length: 0 };
      const bytes = Buffer.alloc(chunk.length);
      const read = chunk.length === 0 ? 0 : fs.readSync(handle, bytes, 0, chunk.length, chunk.offset);
      const headers = { ...baseHeaders(file, range.mtimeMs), 'x-holocron-offset': String(chunk.offset), 'x-holocron-total-size': String(range.totalSize) };
      const reply = await client.send('POST', FILES_ROUTE, { headers, body: zlib.gzipSync(bytes.subarray(0, read)) });
      const answer = json<FilesAnswer>(reply) ?? {};
      if (reply.status === 409 && answer.expectedOffset === null) {
        // The server is still taking an earlier copy of this chunk (a retry after a cut connection): ask again shortly.
        await client.pause(500);
        continue;
      }
      if (reply.status === 409 && typeof answer.expectedOffset === 'number') {
        if (answer.expectedOffset > range.totalSize || answer.expectedOffset < 0) {
          return { status: 'rejected', reason: `the server expects offset ${answer.expectedOffset}, beyond this file's ${range.totalSize} bytes`, warnings: [] };
        }
        offset = answer.expectedOffset;
        continue;
      }
      if (reply.status < 300 && answer.status === 'partial' && typeof answer.nextOffset === 'number') {
        offset = answer.nextOffset;
        onConfirmed(offset);
        continue;
      }
      const result = verdict(reply);
      if (result.status !== 'rejected') onConfirmed(range.totalSize);
      return { ...result, offset: result.status === 'rejected' ? offset : range.totalSize };
    }
    return { status: 'rejected', reason: 'the server kept asking for other offsets', warnings: [] };
  } finally {
    fs.closeSync(handle);
  }
}

function verdict(reply: Reply): UploadResult {
  const answer = json<FilesAnswer>(reply) ?? {};
  const warnings = Array.isArray(answer.warnings) ? answer.warnings.map(String) : [];
  if (reply.status === 422) return { status: 'rejected', reason: `the server could not read it${serverError(reply) || fileError(answer.file)}`, warnings };
  if (reply.status === 413) return { status: 'rejected', reason: `too large for the server${serverError(reply)}`, warnings };
  if (reply.status >= 200 && reply.status < 300 && (answer.status === 'ingested' || answer.status === 'unchanged' || answer.status === 'rejected')) {
    return { status: answer.status, warnings, file: answer.file, ...(answer.status === 'rejected' && { reason: `the server refused it${serverError(reply)}` }) };
  }
  return { status: 'rejected', reason: `unexpected answer HTTP ${reply.status}${serverError(reply)}`, warnings };
}

/** The ingest report's own error (with line:column), when the answer carries one. */
function fileError(file: unknown): string {
  const error = typeof file === 'object' && file !== null ? (file as { error?: unknown }).error : undefined;
  return typeof error === 'string' ? `: ${error}` : '';
}

export function sha256(bytes: Buffer): string {
  return crypto.createHash('sha256').update(bytes).digest('hex');
}

/**
 * A combat log is known by the hash of its first confirmed bytes (up to 64 KiB):
 * hashing a gigabyte on every pass would cost more than it tells, and a new log
 * under an old name differs from the start.
 */
export const LOG_HEAD_BYTES = 64 * 1024;

export function logHead(file: string, confirmed: number): string {
  const length = Math.max(0, Math.min(LOG_HEAD_BYTES, confirmed));
  const handle = fs.openSync(file, 'r');
  try {
    const bytes = Buffer.alloc(length);
    const read = length === 0 ? 0 : fs.readSync(handle, bytes, 0, length, 0);
    return sha256(bytes.subarray(0, read));
  } finally {
    fs.closeSync(handle);
  }
}
