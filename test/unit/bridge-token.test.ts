import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findToken } from '../../src/core/bridge/token.js';
import { ConfigError } from '../../src/core/errors.js';
import { redact } from '../../src/core/redact.js';
import { useTempDirs } from '../helpers/tmp.js';

const tempDir = useTempDirs();

describe('bridge token', () => {
  it('reads a token file written by Notepad (BOM, CRLF) and keeps the token out of every message', () => {
    const dir = tempDir();
    const file = path.join(dir, 'token.txt');
    fs.writeFileSync(file, '\uFEFFnotepad-token-7f3a9c\r\n');
    expect(findToken({ tokenFile: file, env: {}, home: dir })).toEqual({ token: 'notepad-token-7f3a9c', source: `--token-file ${file}` });
    expect(redact('Authorization: Bearer notepad-token-7f3a9c')).not.toContain('notepad-token-7f3a9c');
  });

  it('takes --token-file, then HOLOCRON_TOKEN, then HOLOCRON_HOME/bridge-token', () => {
    const home = tempDir();
    fs.writeFileSync(path.join(home, 'bridge-token'), 'home-token-1\n');
    expect(findToken({ env: { HOLOCRON_TOKEN: 'env-token-2' }, home })).toMatchObject({ token: 'env-token-2', source: 'HOLOCRON_TOKEN' });
    expect(findToken({ env: {}, home })).toMatchObject({ token: 'home-token-1', source: path.join(home, 'bridge-token') });
    expect(findToken({ env: {}, home: tempDir() }).token).toBeUndefined();
  });

  it('refuses an empty or unreadable token file as a configuration error', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'empty'), '\r\n');
    expect(() => findToken({ tokenFile: path.join(dir, 'empty'), env: {}, home: dir })).toThrow(ConfigError);
    expect(() => findToken({ tokenFile: path.join(dir, 'missing'), env: {}, home: dir })).toThrow(/cannot read --token-file/);
  });
});
