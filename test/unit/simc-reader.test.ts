import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DataError, ExitCode } from '../../src/core/errors.js';
import { adler32, verifyChecksum } from '../../src/core/skillweaver/simc/checksum.js';
import { itemStringFromLink } from '../../src/core/skillweaver/simc/link-to-item.js';
import { looksLikeSimcExport, readSimcExport } from '../../src/core/skillweaver/simc/reader.js';
import { hasSamples, samplePath } from '../helpers/samples.js';
import { CN_WARRIOR, simcBody, simcExport, zlibAdler32Hex } from '../helpers/simc-export.js';

const read = (text: string | Buffer) => readSimcExport(typeof text === 'string' ? Buffer.from(text, 'utf8') : text, 'raider.txt');

function rejection(text: string | Buffer): DataError {
  try {
    read(text);
  } catch (error) {
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).exitCode).toBe(ExitCode.dataError);
    return error as DataError;
  }
  throw new Error('the export was accepted');
}

describe('adler32 as the addon computes it', () => {
  it('agrees with zlib on empty, small, and long inputs (past the 5552-byte reduction window)', () => {
    for (const size of [0, 1, 100, 5551, 5552, 5553, 70_000, 300_000]) {
      const bytes = size > 1000 ? randomBytes(size) : Buffer.alloc(size, 0xff);
      expect(adler32(bytes).toString(16), `size ${size}`).toBe(zlibAdler32Hex(bytes));
    }
  });

  it('prints lower-case hex without padding, like string.format("%x")', () => {
    expect(adler32(Buffer.from('a')).toString(16)).toBe('620062');
    expect(adler32(Buffer.alloc(0)).toString(16)).toBe('1');
  });
});

describe('readSimcExport', () => {
  const text = simcExport(CN_WARRIOR);

  it('reads every section of an export from a Chinese realm, names in UTF-8', () => {
    const exp = read(text);
    expect(exp).toMatchObject({
      characterName: '战神阿瑞斯',
      className: 'warrior',
      level: 90,
      race: 'orc',
      region: 'cn',
      server: '燃烧之刃',
      role: 'attack',
      spec: 'arms',
      lootSpec: 'arms',
      addonVersion: '12.1.0-01',
      wowVersion: '12.1.0',
      wowBuild: 69299,
      toc: 120100,
      header: { name: '战神阿瑞斯', spec: 'Arms', exportedLocal: '2026-11-24 21:05', region: 'cn', realm: '燃烧之刃' },
      professions: [
        { name: 'engineering', rank: 71 },
        { name: 'skinning', rank: 100 },
      ],
    });
    expect(exp.talents).toMatch(/^CsPAk/);
    expect(exp.loadouts).toEqual([
      { kind: 'saved', name: '团本 单体', talents: CN_WARRIOR.loadouts![0]!.talents },
      { kind: 'saved', name: 'M+ AoE', talents: CN_WARRIOR.loadouts![1]!.talents },
      { kind: 'offspec', name: 'Fury raid', talents: CN_WARRIOR.offspec!.loadouts[0]!.talents, spec: 'Fury' },
    ]);
    expect(exp.checksum).toBe(zlibAdler32Hex(simcBody(CN_WARRIOR)));
    expect(exp.checksumLine).toBe(text.split('\n').length);
    expect(exp.notes).toEqual([]);
  });

  it('reads each item option: id, bonus_id, enchant_id, gem_id (empty sockets kept), crafted_stats, drop_level and the rest', () => {
    const exp = read(text);
    expect(exp.equipped.map((i) => i.slot)).toEqual(['head', 'neck', 'back', 'finger1', 'main_hand']);
    expect(exp.equipped[0]).toMatchObject({ itemId: 211984, name: '裂解者头盔', itemLevel: 636, enchantId: 7936, gemIds: [213746], bonusIds: [10876, 10371, 6652, 10383, 1540, 10255] });
    expect(exp.equipped[1]).toMatchObject({ gemIds: [213494, 213494], dropLevel: 80 });
    expect(exp.equipped[2]).toMatchObject({ craftedStats: [36, 49], options: expect.objectContaining({ crafting_quality: '5' }) });
    expect(exp.equipped[3]).toMatchObject({ gemIds: [0, 213494], options: expect.objectContaining({ gem_bonus_id: '10879' }) });
    expect(exp.equipped[4]).toMatchObject({ itemId: 222447, dropLevel: 80, craftedStats: [32, 40], enchantId: 7460 });
    // The line exactly as written: what `holocron simc` prints back.
    expect(exp.equipped.map((i) => i.line)).toEqual(text.split('\n').filter((l) => /^[a-z_0-9]+=,id=/.test(l)));
  });

  it('reads Gear from Bags, the Weekly Reward Choices and the Additional Character Info', () => {
    const exp = read(text);
    expect(exp.bags.map((i) => [i.slot, i.itemId, i.name, i.itemLevel])).toEqual([
      ['finger1', 221136, 'Devoted Pledge', 619],
      ['trinket1', 219314, 'Ara-Kara Sacbrood', 626],
    ]);
    expect(exp.vault).toEqual([expect.objectContaining({ slot: 'legs', itemId: 212450, itemLevel: 645, bonusIds: [10356, 10299, 1527, 10255] })]);
    expect(exp.additional).toEqual(CN_WARRIOR.additional);
  });

  it('rejects a changed export, naming the checksum line', () => {
    const changed = text.replace('id=211984', 'id=211985');
    const error = rejection(changed);
    const line = text.split('\n').length;
    expect(error.message).toMatch(new RegExp(`^raider\\.txt:${line}: checksum [0-9a-f]+ does not match the ${line - 1} lines above it`));
  });

  it('rejects a truncated export, naming the last line it has', () => {
    const lines = text.split('\n');
    const cut = lines.slice(0, 30).join('\n');
    expect(rejection(cut).message).toBe(`raider.txt:30: no "# Checksum:" line after line 30: the export is truncated (copy all of the /simc window)`);
    // Cut inside the checksum itself.
    expect(rejection(text.slice(0, -3)).message).toMatch(/does not match/);
    // Cut inside the body while keeping a checksum line from elsewhere.
    expect(rejection(`${lines.slice(0, 40).join('\n')}\n${lines.at(-1)}`).message).toMatch(/^raider\.txt:41: checksum/);
  });

  it('rejects text after the checksum line and a second character', () => {
    expect(rejection(`${text}\nwarrior="Other"\n`).message).toMatch(/^raider\.txt:\d+: text after the "# Checksum:" line/);
    const body = simcBody(CN_WARRIOR).replace('level=90\n', 'level=90\nmage="Other"\n');
    expect(rejection(`${body}# Checksum: ${zlibAdler32Hex(body)}`).message).toMatch(/^raider\.txt:8: a second character/);
  });

  it('accepts a Windows copy ("\\r\\n"), a BOM and trailing newlines', () => {
    const crlf = read(text.replace(/\n/g, '\r\n'));
    expect(crlf.characterName).toBe('战神阿瑞斯');
    expect(crlf.equipped[0]!.line).not.toMatch(/\r/);
    expect(crlf.notes.join()).toMatch(/\\r\\n/);
    expect(read(`\uFEFF${text}\n\n`).equipped).toHaveLength(5);
  });

  it('reads a name that is not UTF-8 as the bytes say, without failing', () => {
    const body = Buffer.concat([Buffer.from(simcBody(CN_WARRIOR).replace(/战神阿瑞斯/g, 'Zx'), 'utf8')]);
    const latin1 = Buffer.from(body.toString('utf8').replace(/Zx/g, 'Z\u00e9'), 'latin1'); // "é" as one byte: not UTF-8
    const exp = read(Buffer.concat([latin1, Buffer.from(`# Checksum: ${zlibAdler32Hex(latin1)}`)]));
    expect(exp.characterName).toBe('Z\uFFFD');
    expect(exp.notes.join()).toMatch(/not UTF-8/);
  });

  it('tells an export from a SavedVariables file by its first lines', () => {
    expect(looksLikeSimcExport(Buffer.from(text))).toBe(true);
    expect(looksLikeSimcExport(Buffer.from('\nDataStoreDB = {\n["global"] = {},\n}\n'))).toBe(false);
    expect(looksLikeSimcExport(Buffer.from('# SimC Addon mentioned in a note\nfoo = 1\n'))).toBe(false);
  });

  it('verifyChecksum names the source it was given', () => {
    expect(() => verifyChecksum(Buffer.from('hello\n'), 'stdin')).toThrow(/^stdin:1: no "# Checksum:"/);
  });
});

describe('itemStringFromLink (collector gear as the addon would write it)', () => {
  it('keeps empty sockets before a gem, drops trailing ones, and reads modifiers and gem bonuses', () => {
    // item:id:enchant:g1:g2:g3:g4:suffix:unique:linkLevel:spec:mask:context:#bonus:…:#mods:(type:value)…:relic1…:relic3
    const link = '|cnIQ4:|Hitem:215135:7340::213494:::::80:71::13:2:10421:9633:3:9:80:29:40:30:32::1:10879::|h[Ring of Earthen Craftsmanship |A:Professions-ChatIcon-Quality-Tier5:17:15::1|a]|h|r';
    expect(itemStringFromLink('finger1', link)).toEqual({
      line: 'finger1=,id=215135,enchant_id=7340,gem_id=0/213494,bonus_id=10421/9633,drop_level=80,crafted_stats=40/32,gem_bonus_id=10879,crafting_quality=5',
      itemId: 215135,
      name: 'Ring of Earthen Craftsmanship',
    });
    expect(itemStringFromLink('tabard', '|cffffffff|Hitem:35280::::::::80:::::|h[Tabard of Summer Flames]|h|r')?.line).toBe('tabard=,id=35280');
    expect(itemStringFromLink('head', 'no link here')).toBeUndefined();
  });
});

/** Real exports, when the shared samples hold any (client/*simc*.txt); never copied into the repository. */
const realExports = hasSamples() && fs.existsSync(samplePath('client')) ? fs.readdirSync(samplePath('client')).filter((f) => /simc.*\.txt$/i.test(f)) : [];
describe.skipIf(realExports.length === 0)('real /simc exports from the shared samples', () => {
  it.each(realExports)('%s: checksum verified and gear read', (name) => {
    const exp = readSimcExport(fs.readFileSync(samplePath('client', name)), name);
    expect(exp.equipped.length).toBeGreaterThan(0);
    expect(exp.characterName).not.toBe('');
  });
});
