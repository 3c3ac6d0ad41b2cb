import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, cliEnv, BIN } from '../helpers/cli.js';
import { isAlive, postmasterPid, useTempHomes } from '../helpers/home.js';
import { unprivilegedUser } from '../helpers/unprivileged.js';

// These exercise the embedded server itself, so they are skipped on the pass
// against an external server (DATABASE_URL).
const embedded = describe.skipIf(Boolean(process.env.DATABASE_URL));

async function statusJson(home: string) {
  const result = await runCli(['db', 'status', '--json'], { env: { HOLOCRON_HOME: home } });
  expect(result.stderr).not.toMatch(/undefined/);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as { server: { kind: string; version: string; pid: number }; schemas: string[]; migrations: { applied: number; pending: number } };
}

embedded('embedded server lifecycle', () => {
  const tempHome = useTempHomes();

  it('initialises on first use, migrates, reports status, prints a psql URL and stops', async () => {
    const home = tempHome('life');
    const migrated = await runCli(['db', 'migrate'], { env: { HOLOCRON_HOME: home } });
    expect(migrated.code, migrated.stderr).toBe(0);
    expect(migrated.stdout).toMatch(/applied \d+ migration/);

    const status = await statusJson(home);
    expect(status.server.kind).toBe('embedded');
    expect(status.server.version).toMatch(/^18\./);
    expect(status.schemas).toEqual(['goblin', 'skillweaver', 'petweaver', 'holocron', 'ops']);
    expect(status.migrations.pending).toBe(0);

    const url = await runCli(['db', 'url'], { env: { HOLOCRON_HOME: home } });
    expect(url.code).toBe(0);
    const credentials = JSON.parse(fs.readFileSync(path.join(home, 'pg', 'credentials.json'), 'utf8')) as { password: string };
    expect(url.stdout).not.toContain(credentials.password);
    expect(url.stdout).toMatch(/^postgresql:\/\/holocron@\/holocron\?host=.*passfile=/);
    if (hasPsql()) {
      const out = execFileSync('psql', [url.stdout.trim(), '-Atc', 'select current_database()'], { encoding: 'utf8' });
      expect(out.trim()).toBe('holocron');
    }

    // The pgpass and credentials files hold the password: private to the owner.
    expect(fs.statSync(path.join(home, 'pg', 'pgpass')).mode & 0o077).toBe(0);
    expect(fs.statSync(path.join(home, 'pg', 'credentials.json')).mode & 0o077).toBe(0);

    const pid = postmasterPid(home);
    const stop = await runCli(['db', 'stop'], { env: { HOLOCRON_HOME: home } });
    expect(stop.stdout).toContain(`stopped the embedded server (pid ${pid})`);
    expect(isAlive(pid)).toBe(false);
    const again = await runCli(['db', 'stop', '--json'], { env: { HOLOCRON_HOME: home } });
    expect(JSON.parse(again.stdout)).toEqual({ stopped: false });

    // And it comes back with the data intact.
    expect((await statusJson(home)).migrations.applied).toBeGreaterThan(0);
  });

  it('survives a SIGKILLed holocron and a SIGKILLed postmaster', async () => {
    const home = tempHome('kill');
    await statusJson(home);

    // Kill holocron mid-command: the detached server keeps running and is reused.
    const child = spawn(process.execPath, [BIN, 'db', 'migrate'], { env: cliEnv({ HOLOCRON_HOME: home }), stdio: 'ignore' });
    await new Promise((r) => setTimeout(r, 150));
    child.kill('SIGKILL');
    const before = postmasterPid(home);
    expect((await statusJson(home)).server.pid).toBe(before);

    // Kill the server itself: a stale postmaster.pid (and maybe orphaned children) remain.
    process.kill(before, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 50));
    const after = await statusJson(home);
    expect(after.server.pid).not.toBe(before);
    expect(isAlive(after.server.pid)).toBe(true);
  });

  it('treats a postmaster.pid naming an unrelated live process as stale', async () => {
    const home = tempHome('reuse');
    await statusJson(home);
    await runCli(['db', 'stop'], { env: { HOLOCRON_HOME: home } });
    const sleeper = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      const pidFile = path.join(home, 'pg', 'data', 'postmaster.pid');
      fs.writeFileSync(pidFile, `${sleeper.pid}\n${path.join(home, 'pg', 'data')}\n`);
      const result = await runCli(['db', 'status', '--json'], { env: { HOLOCRON_HOME: home } });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toContain('not a PostgreSQL server');
    } finally {
      sleeper.kill();
    }
  });

  it('lets several holocron processes start together on a fresh home: one server, all succeed', async () => {
    const home = tempHome('race');
    const runs = await Promise.all([1, 2, 3].map(() => runCli(['db', 'migrate'], { env: { HOLOCRON_HOME: home } })));
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    expect(runs.filter((r) => /applied \d+ migration/.test(r.stdout))).toHaveLength(1);
    const postmasters = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => line.includes(`-D ${path.join(home, 'pg', 'data')}`));
    expect(postmasters).toHaveLength(1);
    expect(fs.readdirSync(home).filter((n) => n.startsWith('.pg-init'))).toEqual([]);
  });
});

embedded('embedded data directory problems', () => {
  const tempHome = useTempHomes();

  it('refuses a foreign directory at HOLOCRON_HOME/pg with exit 78 and deletes nothing', async () => {
    const home = tempHome('foreign');
    fs.mkdirSync(path.join(home, 'pg'));
    fs.writeFileSync(path.join(home, 'pg', 'precious.txt'), 'keep me');
    const result = await runCli(['db', 'status'], { env: { HOLOCRON_HOME: home } });
    expect(result.code).toBe(78);
    expect(result.stderr).toMatch(/did not create/);
    expect(result.stderr).toMatch(/Nothing was deleted/);
    expect(fs.readFileSync(path.join(home, 'pg', 'precious.txt'), 'utf8')).toBe('keep me');
  });

  it('refuses a data directory from another PostgreSQL major with exit 78', async () => {
    const home = tempHome('major');
    await statusJson(home);
    await runCli(['db', 'stop'], { env: { HOLOCRON_HOME: home } });
    const versionFile = path.join(home, 'pg', 'data', 'PG_VERSION');
    fs.writeFileSync(versionFile, '13\n');
    const result = await runCli(['db', 'status'], { env: { HOLOCRON_HOME: home } });
    expect(result.code).toBe(78);
    expect(result.stderr).toMatch(/made by PostgreSQL 13/);
    expect(fs.readFileSync(versionFile, 'utf8')).toBe('13\n');
  });

  it('reports a corrupt data directory with exit 78 and leaves it in place', async () => {
    const home = tempHome('corrupt');
    await statusJson(home);
    await runCli(['db', 'stop'], { env: { HOLOCRON_HOME: home } });
    const control = path.join(home, 'pg', 'data', 'global', 'pg_control');
    fs.writeFileSync(control, Buffer.alloc(8192, 0x5a));
    const result = await runCli(['db', 'status'], { env: { HOLOCRON_HOME: home } });
    expect(result.code).toBe(78);
    expect(result.stderr).toMatch(/cannot start/);
    expect(fs.existsSync(control)).toBe(true);
  });
});

embedded('embedded server as an unprivileged user', () => {
  const tempHome = useTempHomes();
  const user = unprivilegedUser();
  const nobody = user?.uid !== undefined ? (user as { uid: number; gid: number }) : undefined;

  it.skipIf(!nobody)('works for a normal user with a private HOLOCRON_HOME', async () => {
    const home = tempHome('user');
    fs.chownSync(home, nobody!.uid, nobody!.gid);
    const result = await runCli(['db', 'migrate'], { env: { HOLOCRON_HOME: home, HOME: home }, uid: nobody!.uid, gid: nobody!.gid });
    expect(result.code, result.stderr).toBe(0);
    const status = await runCli(['db', 'status', '--json'], { env: { HOLOCRON_HOME: home, HOME: home }, uid: nobody!.uid, gid: nobody!.gid });
    expect(status.code, status.stderr).toBe(0);
    expect(fs.statSync(path.join(home, 'pg', 'data')).uid).toBe(nobody!.uid);
    await runCli(['db', 'stop'], { env: { HOLOCRON_HOME: home, HOME: home }, uid: nobody!.uid, gid: nobody!.gid });
  });
});

function hasPsql(): boolean {
  try {
    execFileSync('psql', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
