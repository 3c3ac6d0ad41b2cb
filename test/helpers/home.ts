import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { stopEmbeddedServer } from '../../src/core/db/embedded/index.js';
import { silentLogger } from '../../src/core/log.js';

/**
 * A throwaway HOLOCRON_HOME per call; any embedded server started in it is stopped
 * and the directory removed when the file ends, so tests leave no postmaster behind.
 */
export function useTempHomes(): (label?: string) => string {
  const homes: string[] = [];
  afterAll(async () => {
    for (const home of homes) {
      await stopEmbeddedServer(home, silentLogger).catch(() => undefined);
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
  return (label = 'home') => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), `holocron-${label}-`));
    homes.push(home);
    return home;
  };
}

export function postmasterPid(home: string): number {
  return Number.parseInt(fs.readFileSync(path.join(home, 'pg', 'data', 'postmaster.pid'), 'utf8').split('\n')[0] ?? '', 10);
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/\) Z /.test(stat);
  } catch {
    return false;
  }
}
