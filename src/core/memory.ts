import { readFileSync } from 'node:fs';

/**
 * Peak resident memory of this process in MB. Reads VmHWM where it exists:
 * getrusage's maxRSS survives exec on Linux, so it would report the size of
 * whatever process forked us.
 */
export function peakRssMb(): number {
  try {
    const match = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) return Math.round(Number(match[1]) / 1024);
  } catch {
    // not Linux
  }
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
