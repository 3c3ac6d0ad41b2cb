// Preloaded into benchmarked holocron processes: at exit, writes peak RSS (KB)
// and CPU per thread group (ms) as JSON. VmHWM, not getrusage's maxRSS: Linux
// carries ru_maxrss over exec, so a child forked from a big parent would report
// the parent's size.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';

function peakKb() {
  try {
    const match = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]);
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS;
}

function tids() {
  try {
    return readdirSync('/proc/self/task').map(Number).sort((a, b) => a - b);
  } catch {
    return [];
  }
}

// Node 20 names every thread "node". By the time a preload runs, Node has started
// the main thread, V8's platform workers (GC, concurrent compilation) and, last,
// the libuv pool (zlib, async fs), so the newest UV_THREADPOOL_SIZE threads are the pool.
const atStart = tids();
const poolSize = Number(process.env.UV_THREADPOOL_SIZE ?? 4);
const pool = new Set(atStart.slice(-poolSize));

function threadCpuMs() {
  const groups = { main: 0, v8: 0, libuv: 0, later: 0 };
  for (const tid of tids()) {
    let text;
    try {
      text = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    } catch {
      continue;
    }
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const ms = (Number(f[11]) + Number(f[12])) * 10;
    if (tid === process.pid) groups.main += ms;
    else if (pool.has(tid)) groups.libuv += ms;
    else if (atStart.includes(tid)) groups.v8 += ms;
    else groups.later += ms;
  }
  return groups;
}

const file = process.env.HOLOCRON_BENCH_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, JSON.stringify({ peakKb: peakKb(), threadMs: threadCpuMs() })));
