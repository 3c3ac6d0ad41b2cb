/**
 * npm run bench:addon — the addon's data files at the sizes in Debian's
 * lua5.1: a 200,000-key pricing file (target ≤ 0.5 s, ≤ 40 MB of Lua memory) and
 * an index of 60,000 places on 10,000 items (≤ 0.3 s to load, a search ≤ 5 ms).
 * Rounds run as separate processes; each also times a fixed piece of Lua work
 * (the baseline), and loads are reported as medians and as the median of the
 * paired ratios load / baseline (steadier on a shared, noisy machine).
 *
 * Options (env): BENCH_ADDON_ROUNDS=7 BENCH_ADDON_SEARCHES=50
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateAddonData } from './lib/addon-data.js';
import { machineLine, median } from './lib/bench-db.js';

const ROUNDS = Number(process.env.BENCH_ADDON_ROUNDS ?? 7);
const SEARCHES = Number(process.env.BENCH_ADDON_SEARCHES ?? 50);
const LUA = process.env.HOLOCRON_TEST_LUA ?? 'lua5.1';

interface FileLoad { bytes: number; loadMs: number; kb: number }
interface Round {
  baselineMs: number;
  pricing: FileLoad & { count: number };
  index: FileLoad & { items: number; places: number };
  addon: { loadMs: number; prepareMs: number; trigramMs: number; trigramFrames: number; trigramSlowestFrameMs: number; kb: number; totalKb: number };
  searches: Array<{ query: string; hits: number; match: string | null; firstMs: number; medianMs: number; p95Ms: number; maxMs: number }>;
}

const QUERIES = ['Cloth', 'glacial', 'Umbral Crest', 'frozn blad', '3001', 'item:3001:0', 'zzzz'];

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'holocron-bench-addon-'));
try {
  const generated = generateAddonData(dir);
  console.log(machineLine());
  console.log(`data: ${generated.pricingKeys.toLocaleString()} pricing keys, ${generated.items.toLocaleString()} items in ${generated.places.toLocaleString()} places; ${ROUNDS} rounds`);
  const rounds: Round[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const args = ['bench/lib/addon-load.lua', '--data', dir, '--searches', String(SEARCHES), ...QUERIES.flatMap((q) => ['--query', q])];
    const run = spawnSync(LUA, args, { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    if (run.status !== 0) throw new Error(`addon-load.lua failed:\n${run.stderr}`);
    rounds.push(JSON.parse(run.stdout) as Round);
  }
  const med = (f: (r: Round) => number) => median(rounds.map(f));
  const fmt = (n: number, digits = 1) => n.toFixed(digits);
  console.log(`baseline (fixed Lua work): ${fmt(med((r) => r.baselineMs))} ms`);
  const p = rounds[0]!.pricing;
  const i = rounds[0]!.index;
  console.log(`\npricing file: ${(p.bytes / 1e6).toFixed(1)} MB, ${p.count.toLocaleString()} keys`);
  console.log(`  load ${fmt(med((r) => r.pricing.loadMs))} ms (${fmt(med((r) => r.pricing.loadMs / r.baselineMs), 2)}× the baseline), Lua memory +${fmt(med((r) => r.pricing.kb) / 1024)} MB`);
  console.log(`index file: ${(i.bytes / 1e6).toFixed(1)} MB, ${i.items.toLocaleString()} items, ${i.places.toLocaleString()} places`);
  console.log(`  load ${fmt(med((r) => r.index.loadMs))} ms (${fmt(med((r) => r.index.loadMs / r.baselineMs), 2)}× the baseline), Lua memory +${fmt(med((r) => r.index.kb) / 1024)} MB`);
  console.log(`whole addon with both (stub included): load ${fmt(med((r) => r.addon.loadMs))} ms, ${fmt(med((r) => r.addon.totalKb) / 1024)} MB of Lua memory`);
  console.log(`  search name order (at login) ${fmt(med((r) => r.addon.prepareMs))} ms; typo index ${fmt(med((r) => r.addon.trigramMs))} ms over ${rounds[0]!.addon.trigramFrames} frames, slowest frame ${fmt(med((r) => r.addon.trigramSlowestFrameMs), 2)} ms`);
  console.log(`\nsearch (${SEARCHES} calls per query per round; medians over ${ROUNDS} rounds):`);
  console.log('  query              hits  match    first ms  median ms  p95 ms  max ms');
  QUERIES.forEach((q, k) => {
    const s = rounds[0]!.searches[k]!;
    const m = (f: (x: Round['searches'][number]) => number) => fmt(median(rounds.map((r) => f(r.searches[k]!))), 3);
    console.log(`  ${q.padEnd(18)} ${String(s.hits).padStart(4)}  ${String(s.match ?? '-').padEnd(7)} ${m((x) => x.firstMs).padStart(9)} ${m((x) => x.medianMs).padStart(10)} ${m((x) => x.p95Ms).padStart(7)} ${m((x) => x.maxMs).padStart(7)}`);
  });
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
