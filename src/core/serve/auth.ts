/**
 * The bearer token that guards every /api route (not /healthz, nor the web
 * page's shell and assets, which hold no data). It comes from
 * HOLOCRON_TOKEN, else from a token file made (mode 600) on the first start.
 * Tokens are compared as SHA-256 digests with timingSafeEqual: equal lengths
 * whatever the client sends, and no early exit that times how much matched.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../errors.js';

export const TOKEN_FILE = 'serve-token';

export interface ResolvedToken {
  token: string;
  source: 'env' | 'file';
  /** Set when this start made the token file (the one time the token is shown). */
  createdFile?: string;
}

export function resolveToken(env: NodeJS.ProcessEnv, home: string, loopback: boolean): ResolvedToken {
  const fromEnv = env.HOLOCRON_TOKEN?.trim();
  if (fromEnv) {
    if (fromEnv.length < 16) throw new ConfigError('HOLOCRON_TOKEN is shorter than 16 characters', { hint: 'Use a long random token, e.g. openssl rand -hex 32.' });
    return { token: fromEnv, source: 'env' };
  }
  const file = path.join(home, TOKEN_FILE);
  const existing = readTokenFile(file);
  if (existing) return { token: existing, source: 'file' };
  if (!loopback) {
    throw new ConfigError('refusing to listen beyond loopback without a token', {
      hint: `Set HOLOCRON_TOKEN, or start once on 127.0.0.1 to create ${file}.`,
    });
  }
  const token = randomBytes(32).toString('base64url');
  fs.mkdirSync(home, { recursive: true, mode: 0o700 });
  // wx: two servers starting at once do not overwrite each other's token.
  fs.writeFileSync(file, `${token}\n`, { mode: 0o600, flag: 'wx' });
  return { token, source: 'file', createdFile: file };
}

function readTokenFile(file: string): string | undefined {
  try {
    const text = fs.readFileSync(file, 'utf8').trim();
    return text || undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigError(`cannot read the token file ${file}: ${(error as Error).message}`);
  }
}

export function tokenChecker(token: string): (authorization: string | undefined) => boolean {
  const expected = digest(token);
  return (authorization) => {
    const match = /^Bearer (\S+)$/.exec(authorization ?? '');
    // Hash even a missing token, so a missing header costs what a wrong one does.
    return timingSafeEqual(digest(match?.[1] ?? ''), expected) && match !== null;
  };
}

const digest = (text: string) => createHash('sha256').update(text).digest();

export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h) || h === '::ffff:127.0.0.1';
}
