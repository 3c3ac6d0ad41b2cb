/**
 * npm run bench:tsm — `tsm sync`'s write of one TradeSkillMaster.lua: a
 * generated 2 MB file (11.x style: 2,000 user-grouped items, an item cache
 * with raw \x02 bytes) receiving a plan of 5,000 items in 5 groups and 4
 * operations. Timed: read, parse, splice, verify (second parse + comparison
 * of every key), backup, temp file + rename, read back and parse again.
 *
 * Target (issue 13): ≤ 1 s including backup and verify.
 * Baseline in the same run: a plain copy of the file plus one parse — the
 * least any "back up and check" tool must do.
 *
 * Options (env): BENCH_ROUNDS=5
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readSavedVariables } from '../src/core/lua/saved-variables.js';
import { syncFile, type SyncFileDeps } from '../src/core/tsm/sync-file.js';
import { planFixture, tsmFile } from '../test/helpers/tsm-fixture.js';
import { machineLine, median } from './lib/bench-db.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const TARGET_MS = 1000;

const bytes = tsmFile({ userItems: 2000, cacheBytes: 2_050_000 });
const plan = planFixture({ items: 5000, firstItem: 200_000 });
const deps: SyncFileDeps = { now: () => Date.now(), wowCheck: () => ({ running: false, detail: 'bench' }) };
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'holocron-bench-tsm-'));

function time(fn: () => void): number {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

const baseline: number[] = [];
const write: number[] = [];
const again: number[] = [];
const dryRun: number[] = [];
let after = 0;
try {
  for (let round = 0; round < ROUNDS; round++) {
    const dir = path.join(work, `r${round}`);
    fs.mkdirSync(dir);
    const file = path.join(dir, 'TradeSkillMaster.lua');
    fs.writeFileSync(file, bytes);
    baseline.push(time(() => {
      fs.copyFileSync(file, `${file}.copy`);
      readSavedVariables(fs.readFileSync(file), file);
    }));
    dryRun.push(time(() => syncFile(file, plan, { dryRun: true }, deps)));
    write.push(time(() => {
      if (syncFile(file, plan, {}, deps).outcome !== 'written') throw new Error('expected a write');
    }));
    again.push(time(() => {
      if (syncFile(file, plan, {}, deps).outcome !== 'unchanged') throw new Error('expected no change');
    }));
    after = fs.statSync(file).size;
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}

const base = median(baseline);
const row = (name: string, values: number[]) => `| ${name} | ${median(values).toFixed(0)} ms | ${(median(values) / base).toFixed(1)}× |`;
console.log(machineLine());
console.log(`file ${(bytes.length / 2 ** 20).toFixed(2)} MB → ${(after / 2 ** 20).toFixed(2)} MB, plan ${plan.items.length} items; median of ${ROUNDS} rounds`);
console.log('| | median | vs baseline |');
console.log('|---|---|---|');
console.log(row('baseline: copy + one parse', baseline));
console.log(row('tsm sync --dry-run (parse, splice, verify, diff)', dryRun));
console.log(row('tsm sync, first write (+ backup, temp + rename, read back)', write));
console.log(row('tsm sync, same plan again (nothing written)', again));
const ok = median(write) <= TARGET_MS;
console.log(`target: write ≤ ${TARGET_MS} ms — ${ok ? 'met' : 'MISSED'}`);
if (!ok) process.exitCode = 1;
