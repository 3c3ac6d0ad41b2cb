// Preloaded into benchmarked holocron processes: records peak RSS (KB) at exit.
// VmHWM, not getrusage's maxRSS: Linux carries ru_maxrss over exec, so a child
// forked from a big parent would report the parent's size.
import { readFileSync, writeFileSync } from 'node:fs';

function peakKb() {
  try {
    const match = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]);
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS;
}

const file = process.env.HOLOCRON_BENCH_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(peakKb())));
