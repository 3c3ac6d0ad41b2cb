import { spawnSync } from 'node:child_process';

/** Debian's lua5.1 (.ci/run installs it); tests that need it skip without it. */
export function hasLua51(): boolean {
  return spawnSync('lua5.1', ['-v'], { stdio: 'ignore' }).status === 0;
}

/** Runs a Lua 5.1 chunk with `arg` set to `args`; returns stdout, throws with stderr on failure. */
export function runLua51(chunk: string, args: readonly string[] = []): string {
  const result = spawnSync('lua5.1', ['-', ...args], { input: chunk, encoding: 'latin1', maxBuffer: 256 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`lua5.1 failed (${result.status}): ${result.stderr}`);
  return result.stdout;
}

/** Loads a courier file as the game does (addon name and namespace as varargs) and returns Lua code's view of `ns`. */
export const LOAD_DATA_FILE = `
local function load(path)
  local chunk = assert(loadfile(path))
  local ns = {}
  chunk('Holocron', ns)
  return ns
end
`;
