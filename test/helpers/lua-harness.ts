/**
 * Runs the addon's harness scripts (test/lua) in a real Lua 5.1. Tests skip,
 * saying why, when lua5.1 or luacheck is not installed (.ci/run installs both).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './cli.js';
import { indexFile, luaString, petNeedsFile, pricingFile, type IndexFixture, type PetNeedsFixture, type PricingFixture } from './courier-fixture.js';

export const LUA = process.env.HOLOCRON_TEST_LUA ?? 'lua5.1';

function installed(command: string, args: string[]): boolean {
  const probe = spawnSync(command, args, { encoding: 'utf8' });
  return probe.status === 0;
}

export const HAS_LUA = installed(LUA, ['-e', 'assert(_VERSION == "Lua 5.1")']);
export const HAS_LUACHECK = installed('luacheck', ['--version']);

/** A describe() title that says why the block is skipped. */
export function luaTitle(title: string, needs: 'lua5.1' | 'luacheck' = 'lua5.1'): string {
  const ok = needs === 'lua5.1' ? HAS_LUA : HAS_LUACHECK;
  return ok ? title : `${title} — skipped: ${needs} is not installed (.ci/run installs it: apt-get install ${needs === 'lua5.1' ? 'lua5.1' : 'lua-check'})`;
}

export interface LuaRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runLua(script: string, args: string[] = [], options: { input?: string; timeoutMs?: number } = {}): LuaRun {
  const result = spawnSync(LUA, [path.join(REPO_ROOT, script), ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    input: options.input,
    timeout: options.timeoutMs ?? 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs an inline Lua 5.1 chunk with `arg` set to `args`; returns stdout (bytes as latin1), throws with Lua's error. */
export function runLuaChunk(chunk: string, args: readonly string[] = []): string {
  const result = spawnSync(LUA, ['-', ...args], { input: chunk, encoding: 'latin1', maxBuffer: 256 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${LUA} failed (${result.status}): ${result.stderr}`);
  return result.stdout;
}

/** Prefix for runLuaChunk: `load(path)` runs a courier file as the game does (addon name and namespace as varargs) and returns the namespace. */
export const LOAD_DATA_FILE = `
local function load(path)
  local chunk = assert(loadfile(path))
  local ns = {}
  chunk('Holocron', ns)
  return ns
end
`;

/** Runs a script and returns its output lines (none for empty output); a failure shows Lua's error. */
export function runLuaLines(script: string, args: string[] = []): string[] {
  const run = runLua(script, args);
  if (run.code !== 0) throw new Error(`${script} exited ${run.code}:\n${run.stderr}${run.stdout}`);
  return run.stdout.split('\n').filter((line) => line !== '');
}

/** Runs a script that prints one JSON document; a failure shows Lua's error. */
export function runLuaJson<T>(script: string, args: string[] = []): T {
  const run = runLua(script, args);
  if (run.code !== 0) throw new Error(`${script} exited ${run.code}:\n${run.stderr}${run.stdout}`);
  const lines = run.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!) as T;
}

export type LuaLiteral = string | number | boolean | null | undefined | LuaLiteral[] | { [key: string]: LuaLiteral };

/** Lua source for a value; object keys that are integers become numeric keys ([0] = …). */
export function luaLiteral(value: LuaLiteral): string {
  if (value === null || value === undefined) return 'nil';
  if (typeof value === 'string') return luaString(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`not a Lua number: ${value}`);
    return Number.isInteger(value) ? String(value) : value.toPrecision(17);
  }
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `{ ${value.map((v) => `${luaLiteral(v)},`).join(' ')} }`;
  const fields = Object.entries(value)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `[${/^-?\d+$/.test(k) ? k : luaString(k)}] = ${luaLiteral(v)},`);
  return `{ ${fields.join(' ')} }`;
}

/** A Lua file returning a value (scenarios and requests for the harness scripts). */
export function writeLuaValue(file: string, value: LuaLiteral): string {
  fs.writeFileSync(file, `return ${luaLiteral(value)}\n`);
  return file;
}

export interface CourierFixtures {
  pricing?: PricingFixture;
  index?: IndexFixture;
  petNeeds?: PetNeedsFixture;
}

/** Writes the three data files into dir (placeholders' shapes for what is not given). */
export function writeCourierFiles(dir: string, fixtures: CourierFixtures): string {
  fs.mkdirSync(dir, { recursive: true });
  const placeholder = (name: string) => fs.readFileSync(path.join(REPO_ROOT, 'addon/Holocron/Data', name));
  fs.writeFileSync(path.join(dir, 'Holocron_Pricing.lua'), fixtures.pricing ? pricingFile(fixtures.pricing) : placeholder('Holocron_Pricing.lua'));
  fs.writeFileSync(path.join(dir, 'Holocron_Index.lua'), fixtures.index ? indexFile(fixtures.index) : placeholder('Holocron_Index.lua'));
  fs.writeFileSync(path.join(dir, 'Holocron_PetNeeds.lua'), fixtures.petNeeds ? petNeedsFile(fixtures.petNeeds) : placeholder('Holocron_PetNeeds.lua'));
  return dir;
}

export interface OpResult<T = unknown> {
  op: string;
  result: T;
}

export interface OpsRun {
  results: OpResult[];
  /** Fields the addon wrote onto the client's own frames (must stay empty). */
  blizzardWrites: string[];
  /** Globals the addon created. */
  created: string[];
  /** The files run, in order, as the toc names them. */
  loaded: string[];
}

/**
 * Loads the addon with dataDir's files and runs ops (test/lua/cases/api.lua);
 * options: workDir for the requests file (default dataDir), addonDir.
 */
export function runOps(dir: string, scenario: LuaLiteral, ops: LuaLiteral[], options: { workDir?: string; addonDir?: string } = {}): OpsRun {
  const file = writeLuaValue(path.join(options.workDir ?? dir, `requests-${process.pid}-${Date.now()}.lua`), { scenario, ops });
  try {
    return runLuaJson<OpsRun>('test/lua/cases/api.lua', [dir, file, ...(options.addonDir ? [options.addonDir] : [])]);
  } finally {
    fs.rmSync(file, { force: true });
  }
}
