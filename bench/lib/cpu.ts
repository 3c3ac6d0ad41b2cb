import fs from 'node:fs';

/**
 * CPU accounting around one benchmark step, from /proc (Linux only; elsewhere
 * every figure is undefined). Read before and after the step, never sampled
 * during it, so the accounting itself costs nothing measurable:
 *   child    the spawned process, every thread: this process's cutime+cstime,
 *            which the kernel adds to when libuv reaps the child
 *   server   every PostgreSQL process: the postmaster's own and reaped children
 *            (backends that ended during the step) plus its live children, by role
 *   bench    this process (the fake Blizzard server serving the body lives here)
 *   machine  /proc/stat busy and steal time, all CPUs; minus the above it is what
 *            other work on the machine took while the step ran
 */
export interface CpuSample {
  child: number;
  bench: number;
  server: Map<string, number> | undefined;
  busy: number;
  steal: number;
}

export interface CpuSpent {
  childMs: number;
  benchMs: number;
  /** By role: "backends" (live and ended), "walwriter", "checkpointer", … */
  serverMs: Map<string, number>;
  serverTotalMs: number;
  /** Busy time of the whole machine not accounted for above (other helpers, the kernel). */
  othersMs: number;
  stealMs: number;
}

// USER_HZ is 100 on every Linux architecture Node runs on.
const TICK_MS = 10;

function statFields(pid: number | string): string[] | undefined {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may contain spaces: state is [0], ppid [1], utime [11] …
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

const own = (f: string[]) => (Number(f[11]) + Number(f[12])) * TICK_MS;
const reaped = (f: string[]) => (Number(f[13]) + Number(f[14])) * TICK_MS;

/** The postmaster of the server a backend belongs to, when it runs on this machine. */
export function postmasterOf(backendPid: number): number | undefined {
  const f = statFields(backendPid);
  return f ? Number(f[1]) : undefined;
}

const AUX = ['checkpointer', 'background writer', 'walwriter', 'autovacuum launcher', 'autovacuum worker', 'io worker', 'logical replication launcher', 'startup'];

function roleOf(pid: string): string {
  let title = '';
  try {
    title = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return 'backends';
  }
  return AUX.find((aux) => title.includes(aux)) ?? 'backends';
}

function serverCpu(postmaster: number): Map<string, number> | undefined {
  const pm = statFields(postmaster);
  if (!pm) return undefined;
  const roles = new Map<string, number>([['postmaster', own(pm)]]);
  const add = (role: string, ms: number) => roles.set(role, (roles.get(role) ?? 0) + ms);
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const f = statFields(entry);
    if (f && Number(f[1]) === postmaster) add(roleOf(entry), own(f) + reaped(f));
  }
  // Read last: a child reaped while the list was read is then counted here, not lost.
  // Ended children are mostly backends (and autovacuum workers, which the step waits out).
  add('backends', reaped(statFields(postmaster) ?? pm));
  return roles;
}

function machine(): { busy: number; steal: number } {
  const [, ...cols] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
  const [user, nice, system, , , irq, softirq, steal] = cols.map(Number) as number[];
  return { busy: (user! + nice! + system! + irq! + softirq!) * TICK_MS, steal: steal! * TICK_MS };
}

export function sampleCpu(postmaster: number | undefined): CpuSample | undefined {
  const self = statFields('self');
  if (!self) return undefined;
  const usage = process.cpuUsage();
  return {
    child: reaped(self),
    bench: (usage.user + usage.system) / 1000,
    server: postmaster === undefined ? undefined : serverCpu(postmaster),
    ...machine(),
  };
}

export function cpuSpent(before: CpuSample | undefined, after: CpuSample | undefined): CpuSpent | undefined {
  if (!before || !after) return undefined;
  const serverMs = new Map<string, number>();
  let serverTotalMs = 0;
  for (const role of new Set([...(before.server?.keys() ?? []), ...(after.server?.keys() ?? [])])) {
    // A process that ends moves from its role to "backends" (reaped); the total stays right.
    const spent = (after.server?.get(role) ?? 0) - (before.server?.get(role) ?? 0);
    serverTotalMs += spent;
    if (spent > 0) serverMs.set(role, spent);
  }
  const childMs = after.child - before.child;
  const benchMs = after.bench - before.bench;
  return {
    childMs,
    benchMs,
    serverMs,
    serverTotalMs,
    othersMs: Math.max(0, after.busy - before.busy - childMs - benchMs - serverTotalMs),
    stealMs: after.steal - before.steal,
  };
}
