import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareVersions, installAddon } from '../../src/core/courier/install-addon.js';
import { retailFolder } from '../../src/core/courier/wow-folder.js';
import { useTempDirs } from '../helpers/tmp.js';

/** The installer against a fake game folder and a fake shipped addon (the real one is tested through the CLI). */
const tempDir = useTempDirs();

function shipped(version: string): string {
  const dir = tempDir('holocron-addon-src-');
  fs.mkdirSync(path.join(dir, 'Data'));
  fs.writeFileSync(path.join(dir, 'Holocron.toc'), `## Interface: 120001\n## Version: ${version}\nCore.lua\n`);
  fs.writeFileSync(path.join(dir, 'Core.lua'), `-- core ${version}\n`);
  fs.writeFileSync(path.join(dir, 'Data', 'Holocron_Index.lua'), '-- placeholder\n');
  return dir;
}

function game(): string {
  const wow = tempDir('holocron-wow-');
  fs.mkdirSync(path.join(wow, '_retail_', 'Interface', 'AddOns'), { recursive: true });
  return wow;
}

describe('holocron addon install', () => {
  it('installs, upgrades, keeps the courier data and files it does not ship, and leaves a newer addon alone', () => {
    const wow = game();
    const target = path.join(wow, '_retail_', 'Interface', 'AddOns', 'Holocron');
    const first = installAddon({ wowDir: wow }, shipped('0.2.0'));
    expect(first).toMatchObject({ outcome: 'installed', installedVersion: null, written: ['Core.lua', path.join('Data', 'Holocron_Index.lua'), 'Holocron.toc'] });

    // The courier's data and a file of the user's.
    fs.writeFileSync(path.join(target, 'Data', 'Holocron_Index.lua'), '-- real data\n');
    fs.writeFileSync(path.join(target, 'notes.txt'), 'mine\n');
    const upgrade = installAddon({ wowDir: wow }, shipped('0.10.0'));
    expect(upgrade).toMatchObject({ outcome: 'upgraded', installedVersion: '0.2.0', keptData: [path.join('Data', 'Holocron_Index.lua')] });
    expect(fs.readFileSync(path.join(target, 'Core.lua'), 'utf8')).toBe('-- core 0.10.0\n');
    expect(fs.readFileSync(path.join(target, 'Data', 'Holocron_Index.lua'), 'utf8')).toBe('-- real data\n');
    expect(fs.readFileSync(path.join(target, 'notes.txt'), 'utf8')).toBe('mine\n');

    const older = installAddon({ wowDir: wow }, shipped('0.9.0'));
    expect(older).toMatchObject({ outcome: 'newer installed', written: [] });
    expect(fs.readFileSync(path.join(target, 'Core.lua'), 'utf8')).toBe('-- core 0.10.0\n');

    fs.rmSync(path.join(target, 'Core.lua'));
    const same = installAddon({ wowDir: wow }, shipped('0.10.0'));
    expect(same).toMatchObject({ outcome: 'up to date', written: ['Core.lua'] });
  });

  it('knows the game folder, the retail folder, and a folder that is neither', () => {
    const wow = game();
    expect(retailFolder(wow)).toBe(path.join(wow, '_retail_'));
    expect(retailFolder(path.join(wow, '_retail_'))).toBe(path.join(wow, '_retail_'));
    expect(() => retailFolder(tempDir('holocron-not-wow-'))).toThrow(/is not a World of Warcraft folder: expected a _retail_ folder/);
  });

  it('compares versions by their numbers', () => {
    expect(compareVersions('0.10.0', '0.9.1')).toBe(1);
    expect(compareVersions('0.2.0', '0.2')).toBe(0);
    expect(compareVersions('1.0.0', '1.0.1')).toBe(-1);
  });
});
