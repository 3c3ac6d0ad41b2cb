/**
 * The addon's typo-tolerant search reproduces pg_trgm's word_similarity(query,
 * name) (addon/Holocron/Trigram.lua): the same score, in single precision, and
 * the same verdict as `query <% name` (threshold 0.6), on a few hundred pairs —
 * typos, several words, punctuation and UTF-8 in Latin, Cyrillic, Korean and
 * Chinese — compared with the database `holocron search` runs on. Which
 * characters make words depends on that database's LC_CTYPE (only ASCII on the
 * embedded server, made with LC_CTYPE C; every letter with a UTF-8 locale): the
 * test asks the database, as the courier does to fill index.trigramWords.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../helpers/db.js';
import { HAS_LUA, luaTitle, runLuaJson, writeLuaValue } from '../helpers/lua-harness.js';
import { useTempDirs } from '../helpers/tmp.js';

const t = useTestDatabase();
const tempDir = useTempDirs();

const NAMES = [
  'Hearthstone', 'Linen Cloth', 'Netherweave Cloth', 'Thunderfury, Blessed Blade of the Windseeker', 'Shadowmourne',
  "Flight Master's Whistle", 'Elemental Potion of Ultimate Power', 'Algari Healing Potion', 'Potion of Speed',
  'Mycobloom', 'Bismuth', 'Crunchy Peppers', 'Dragon’s Hoard – Ancient Gold', 'Épée du Zèle', 'Überwältigende Kraft',
  'Grand Commander’s Plate', 'Zelte des Sängers', 'Зелье исцеления', 'Большой щит', 'ÉCLAT DE LUMIÈRE',
  '치유 물약', '마나 물약', '治疗药水', '强效法力药水', 'Mechanical Squirrel', 'Anubisath Idol', 'Ghostly Whelpling',
  'Tarnished Blade 17', 'Runed Helm 4', 'Fel-Touched Cloak 301', 'Sunwell Boots 99', 'K\'aresh Warbound Shard',
  'Ring of the Seventh Seal', 'A', 'x y z', '123 456', 'Void-Bound Greatsword (Mythic)', 'Sha\'tari Defender\'s Medallion',
  'Ørnens fjær', 'Ñandú Plume', 'İstanbul Carpet', 'Straße der Ödnis',
];

/** A deterministic generator: the same pairs every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function typos(name: string, next: () => number): string[] {
  const chars = [...name];
  const at = () => Math.floor(next() * chars.length);
  const out: string[] = [];
  const drop = at();
  out.push([...chars.slice(0, drop), ...chars.slice(drop + 1)].join(''));
  const swap = Math.min(at(), chars.length - 2);
  if (swap >= 0) {
    const c = [...chars];
    [c[swap], c[swap + 1]] = [c[swap + 1]!, c[swap]!];
    out.push(c.join(''));
  }
  const replace = at();
  out.push([...chars.slice(0, replace), 'q', ...chars.slice(replace + 1)].join(''));
  const insert = at();
  out.push([...chars.slice(0, insert), 'e', ...chars.slice(insert)].join(''));
  const words = name.split(/\s+/);
  out.push(words[Math.floor(next() * words.length)]!);
  if (words.length > 1) out.push(words.slice(0, 2).join(' ').toUpperCase());
  out.push(name.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' '));
  out.push(`${name.slice(0, Math.max(1, Math.floor(name.length / 2)))}…`);
  return out;
}

function pairs(): Array<[string, string]> {
  const next = random(20261201);
  const out: Array<[string, string]> = [];
  for (const name of NAMES) {
    for (const query of typos(name, next)) out.push([query, name]);
    // Against an unrelated name, and a query of its own against everything.
    const other = NAMES[Math.floor(next() * NAMES.length)]!;
    out.push([typos(name, next)[0]!, other]);
  }
  for (const query of ['hearthstome', 'clth', 'pot of spd', 'зелье', '물약', '药水', 'x', "master's", '--', '', 'a b c', 'zzzz']) {
    for (const name of NAMES.slice(0, 12)) out.push([query, name]);
  }
  return out;
}

describe.skipIf(!HAS_LUA)(luaTitle('addon trigram search against pg_trgm'), () => {
  it('scores every pair as word_similarity() does, and agrees with <% at the default threshold', async () => {
    const list = pairs();
    expect(list.length).toBeGreaterThan(300);
    const dir = tempDir('holocron-trigram-');
    const file = writeLuaValue(path.join(dir, 'pairs.lua'), list);
    const unicode = (await t.db.query<{ unicode: boolean }>(`SELECT cardinality(show_trgm('é')) > 0 AS unicode`))[0]!.unicode;
    const lua = runLuaJson<Array<{ score: number; similar: boolean }>>('test/lua/cases/trigram.lua', [file, unicode ? 'unicode' : 'ascii']);
    fs.rmSync(file);

    const rows = await t.db.query<{ score: number; similar: boolean; threshold: number }>(
      `SELECT word_similarity(q, n) AS score, q <% n AS similar, current_setting('pg_trgm.word_similarity_threshold')::float8 AS threshold
       FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS p(q, n, i) ORDER BY i`,
      [list.map((p) => p[0]), list.map((p) => p[1])],
    );
    expect(rows[0]!.threshold).toBeCloseTo(0.6, 6);
    const mismatches = list
      .map(([query, name], i) => ({ query, name, pg: rows[i]!, lua: lua[i]! }))
      .filter(({ pg, lua: l }) => Math.fround(pg.score) !== Math.fround(l.score) || pg.similar !== l.similar);
    expect(mismatches).toEqual([]);
    // The set is not trivial: both verdicts occur, and partial scores too.
    expect(rows.filter((r) => r.similar).length).toBeGreaterThan(50);
    expect(rows.filter((r) => !r.similar).length).toBeGreaterThan(50);
    expect(rows.filter((r) => r.score > 0 && r.score < 1).length).toBeGreaterThan(100);
  });
});
