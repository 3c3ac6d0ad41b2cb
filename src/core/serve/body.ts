/**
 * Request bodies go to a file, never whole into memory: a 28 MB
 * SavedVariables streams through a hash on its way to disk. The limit is
 * checked on Content-Length before a byte is read, and again on what arrives
 * (chunked transfer, or a gzip body that inflates past it).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { HttpError, header } from './http.js';

export interface Received {
  bytes: number;
  sha256: string;
}

export function checkDeclaredSize(req: IncomingMessage, limit: number): void {
  const declared = Number(header(req, 'content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limit) throw new HttpError(413, `body of ${declared} bytes is over the limit of ${limit}`, { limit });
}

/** Streams the (inflated) body into `target` opened with `flags` ('w' or 'a'). */
export async function receiveBody(req: IncomingMessage, target: string, options: { limit: number; flags: 'w' | 'a' }): Promise<Received> {
  const encoding = (header(req, 'content-encoding') ?? 'identity').toLowerCase();
  if (encoding !== 'identity' && encoding !== 'gzip') throw new HttpError(415, `Content-Encoding ${encoding} is not accepted (gzip or none)`);
  const hash = createHash('sha256');
  let bytes = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
      bytes += chunk.length;
      if (bytes > options.limit) return done(new HttpError(413, `body is over the limit of ${options.limit} bytes`, { limit: options.limit }));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  const out = fs.createWriteStream(target, { flags: options.flags, mode: 0o600 });
  try {
    if (encoding === 'gzip') await pipeline(req, createGunzip(), meter, out);
    else await pipeline(req, meter, out);
  } catch (error) {
    if (error instanceof HttpError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'Z_DATA_ERROR') throw new HttpError(400, 'the gzip body is corrupt');
    throw error;
  }
  return { bytes, sha256: hash.digest('hex') };
}
