/**
 * Where the bridge finds the server's token: --token-file, HOLOCRON_TOKEN, or
 * `<HOLOCRON_HOME>/bridge-token`. It is registered with the redactor at once so
 * no message or log line can carry it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, errnoCode } from '../errors.js';
import { registerSecret } from '../redact.js';

export const TOKEN_FILE = 'bridge-token';

export interface FoundToken {
  token: string | undefined;
  source: string;
}

export function findToken(options: { tokenFile?: string; env: NodeJS.ProcessEnv; home: string }): FoundToken {
  if (options.tokenFile !== undefined) return { token: readToken(options.tokenFile, '--token-file'), source: `--token-file ${options.tokenFile}` };
  const fromEnv = options.env.HOLOCRON_TOKEN?.trim();
  if (fromEnv) {
    registerSecret(fromEnv);
    return { token: fromEnv, source: 'HOLOCRON_TOKEN' };
  }
  const file = path.join(options.home, TOKEN_FILE);
  if (fs.existsSync(file)) return { token: readToken(file, 'the token file'), source: file };
  return { token: undefined, source: `nowhere (no --token-file, no HOLOCRON_TOKEN, no ${file})` };
}

function readToken(file: string, label: string): string {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read ${label} ${file} (${errnoCode(error) ?? (error as Error).message})`);
  }
  // Notepad leaves a BOM and CRLF; neither is part of the token.
  const token = text.replace(/^\uFEFF/, '').trim();
  if (!token) throw new ConfigError(`${label} ${file} is empty`, { hint: 'Put the token `holocron serve` printed on its first line.' });
  if (/\s/.test(token)) throw new ConfigError(`${label} ${file} holds more than one word; it should hold the token alone`);
  registerSecret(token);
  return token;
}
