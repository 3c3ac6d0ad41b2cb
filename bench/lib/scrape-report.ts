import type { HolocronRun } from './bench-db.js';
import { median } from './bench-db.js';
import type { CpuSpent } from './cpu.js';

/** One side of a comparison: the inner span (a) and the whole process (b). */
export interface Step {
  innerMs: number;
  processMs: number;
  cpu: CpuSpent | undefined;
}

interface Idle {
  processMs: number;
  cpu: CpuSpent | undefined;
}

export interface Round {
  round: number;
  rows: number;
  order: string;
  ceiling: Step & { rows: number };
  scrape: Step;
  loadMs: number;
  statsMs: number;
  peakRssMb: number;
  threadMs: HolocronRun['threadMs'];
  verbose: { dbReadyMs: number; loadMs: number; readyMs: number; writtenMs: number } | undefined;
  fixed?: { holocron: Idle; psql: Idle };
  seedMs?: number;
}

export interface SizeResult {
  bodies: Array<{ rows: number; jsonMb: number; gzipMb: number }>;
  ceilingHow: string;
  rounds: Round[];
}

const sec = (ms: number) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(3)} s` : 'n/a');
const cpuSec = (ms: number) => `${(ms / 1000).toFixed(2)}`;
const times = (x: number) => (Number.isFinite(x) ? `${x.toFixed(2)}×` : 'n/a');
const pad = (text: string, width: number) => text.padEnd(width);

/** Medians of paired ratios (steadier than a ratio of medians on a drifting machine), and each round's. */
function paired(rounds: Round[], pick: (r: Round) => [number, number]): { median: number; each: number[] } {
  const each = rounds.map((r) => {
    const [scrape, ceiling] = pick(r);
    return scrape / ceiling;
  });
  return { median: median(each), each };
}

function rowsLine(r: SizeResult): string {
  const counts = new Map<number, number>();
  for (const round of r.rounds) counts.set(round.rows, (counts.get(round.rows) ?? 0) + 1);
  const list = [...counts].map(([rows, n]) => `${rows.toLocaleString()} ×${n}`).join(', ');
  return `  rows      every round the scrape stored exactly the rows \\copy copied (checked): ${list}`;
}

function cpuLine(label: string, spent: Array<CpuSpent | undefined>, threads?: Array<HolocronRun['threadMs']>): string | undefined {
  const all = spent.filter((c): c is CpuSpent => c !== undefined);
  if (all.length === 0) return undefined;
  const m = (pick: (c: CpuSpent) => number) => median(all.map(pick));
  const roles = new Set(all.flatMap((c) => [...c.serverMs.keys()]));
  const server = [...roles]
    .map((role) => [role, m((c) => c.serverMs.get(role) ?? 0)] as const)
    .filter(([, ms]) => ms >= 10)
    .sort((a, b) => b[1] - a[1])
    .map(([role, ms]) => `${role} ${cpuSec(ms)}`)
    .join(', ');
  const t = threads?.filter((x): x is NonNullable<HolocronRun['threadMs']> => x !== undefined) ?? [];
  // The split is read at the 'exit' event; what the process spends after it (teardown) is the rest.
  const teardown = spent.flatMap((c, i) => {
    const x = threads?.[i];
    return c && x ? [c.childMs - x.main - x.v8 - x.libuv - x.later] : [];
  });
  const split = t.length
    ? ` (main ${cpuSec(median(t.map((x) => x.main)))}, V8 workers ${cpuSec(median(t.map((x) => x.v8)))}, libuv pool ${cpuSec(median(t.map((x) => x.libuv)))}` +
      `${t.some((x) => x.later > 0) ? `, later threads ${cpuSec(median(t.map((x) => x.later)))}` : ''}, after the exit event ${cpuSec(median(teardown))})`
    : '';
  return (
    `    ${pad(label, 20)} client ${cpuSec(m((c) => c.childMs))}${split} + server ${cpuSec(m((c) => c.serverTotalMs))} (${server})` +
    ` = ${cpuSec(m((c) => c.childMs + c.serverTotalMs))} s; bench process ${cpuSec(m((c) => c.benchMs))}, rest of machine ${cpuSec(m((c) => c.othersMs))}, steal ${cpuSec(m((c) => c.stealMs))}`
  );
}

function roundTable(r: SizeResult, a: number[], b: number[]): string[] {
  // How busy the rest of the machine was meanwhile (CPU s per wall s): how far to trust the round.
  const load = (step: Step) => (step.cpu ? (step.cpu.othersMs / step.processMs).toFixed(2) : 'n/a');
  const lines = ['  per round  rows       \\copy     scrape    (a)     psql      holocron  (b)     order         others busy (copy, scrape)'];
  r.rounds.forEach((x, i) => {
    lines.push(
      `    ${pad(String(x.round), 8)} ${pad(x.rows.toLocaleString(), 10)} ${pad(sec(x.ceiling.innerMs), 9)} ${pad(sec(x.scrape.innerMs), 9)} ${pad(times(a[i]!), 7)} ` +
        `${pad(sec(x.ceiling.processMs), 9)} ${pad(sec(x.scrape.processMs), 9)} ${pad(times(b[i]!), 7)} ${pad(x.order, 13)} ${load(x.ceiling)}, ${load(x.scrape)} cores`,
    );
  });
  return lines;
}

export function report(r: SizeResult, rssTarget: number): string[] {
  const n = r.rounds.length;
  const a = paired(r.rounds, (x) => [x.scrape.innerMs, x.ceiling.innerMs]);
  const b = paired(r.rounds, (x) => [x.scrape.processMs, x.ceiling.processMs]);
  const bodies = r.bodies.map((x) => `${x.rows.toLocaleString()} (${x.jsonMb.toFixed(1)} MB JSON, ${x.gzipMb.toFixed(1)} MB gzip)`).join(' and ');
  const m = (pick: (x: Round) => number) => median(r.rounds.map(pick));
  const lines = [
    `${bodies} auctions, alternating, ${n} rounds; medians, ratios are medians of the per-round ratios:`,
    rowsLine(r),
    `  (a) request → commit against the COPY alone`,
    `    ceiling  ${pad(`${r.ceilingHow}, \\timing`, 34)} ${sec(m((x) => x.ceiling.innerMs))}`,
    `    scrape   ${pad('ops.load_benchmark.total_ms', 34)} ${sec(m((x) => x.scrape.innerMs))}   ratio ${times(a.median)} (target ≤ 1.25); per round ${a.each.map((x) => x.toFixed(2)).join(' ')}`,
    `  (b) whole process against whole process (start, connect, copy, exit)`,
    `    ceiling  ${pad("psql -c '\\copy …'", 34)} ${sec(m((x) => x.ceiling.processMs))}`,
    `    scrape   ${pad('holocron scrape --once', 34)} ${sec(m((x) => x.scrape.processMs))}   ratio ${times(b.median)}; per round ${b.each.map((x) => x.toFixed(2)).join(' ')}`,
    ...roundTable(r, a.each, b.each),
    `  scrape's own split: load (headers → COPY done) ${sec(m((x) => x.loadMs))}, statistics ${sec(m((x) => x.statsMs))}, rest of total_ms ${sec(m((x) => x.scrape.innerMs - x.loadMs - x.statsMs))}`,
  ];
  if (r.rounds.every((x) => x.verbose)) {
    const v = (pick: (x: NonNullable<Round['verbose']>) => number) => sec(m((x) => pick(x.verbose!)));
    lines.push(
      `  holocron -v: database ready ${v((x) => x.dbReadyMs)} after process start; statistics ready +${v((x) => x.readyMs)}, stats rows written +${v((x) => x.writtenMs)} after the COPY; ` +
        `whole process − database ready − total_ms ${sec(m((x) => x.scrape.processMs - x.verbose!.dbReadyMs - x.scrape.innerMs))}`,
    );
  }
  const fixed = r.rounds.filter((x) => x.fixed).map((x) => x.fixed!);
  if (fixed.length) {
    lines.push(
      `  a run with nothing to load: holocron scrape (304) ${sec(median(fixed.map((f) => f.holocron.processMs)))}, psql -c 'SELECT 1' ${sec(median(fixed.map((f) => f.psql.processMs)))}`,
    );
  }
  const cpu = [
    cpuLine('psql \\copy', r.rounds.map((x) => x.ceiling.cpu)),
    cpuLine('holocron scrape', r.rounds.map((x) => x.scrape.cpu), r.rounds.map((x) => x.threadMs)),
    fixed.length ? cpuLine('holocron (304)', fixed.map((f) => f.holocron.cpu)) : undefined,
    fixed.length ? cpuLine("psql 'SELECT 1'", fixed.map((f) => f.psql.cpu)) : undefined,
  ].filter((l): l is string => l !== undefined);
  if (cpu.length) lines.push('  CPU seconds per step (medians; client = the spawned process, all threads):', ...cpu);
  const seed = r.rounds.filter((x) => x.seedMs !== undefined);
  if (seed.length) {
    const speedup = median(seed.map((x) => x.seedMs! / x.scrape.innerMs));
    lines.push(`  seed way  JSON.parse + INSERT 5000 ${sec(median(seed.map((x) => x.seedMs!)))}   scrape (a) is ${speedup.toFixed(1)}× faster (target ≥ 6)`);
  }
  lines.push(`  peak RSS  ${Math.max(...r.rounds.map((x) => x.peakRssMb)).toFixed(0)} MB (target ≤ ${rssTarget} MB)`);
  return lines;
}
