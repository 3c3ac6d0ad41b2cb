import fs from 'node:fs';
import path from 'node:path';
import { generateSyndicatorFile } from '../../test/helpers/syndicator-generator.js';
import { runHolocron } from './bench-db.js';

/**
 * The issues' benchmark account — 50 characters, 10 guilds, full banks, void
 * storage and mail (~60,500 stacks) — written as a Syndicator file under
 * `dir` and ingested by the real CLI. Returns the stacks stored.
 */
export async function ingestBenchAccount(dir: string, env: Record<string, string>): Promise<number> {
  const svDir = path.join(dir, 'WTF', 'Account', 'Bench', 'SavedVariables');
  fs.mkdirSync(svDir, { recursive: true });
  fs.writeFileSync(path.join(svDir, 'Syndicator.lua'), generateSyndicatorFile({ characters: 50, guilds: 10, bankTabs: 7, void: 120, mail: 10, fill: 1, seed: 11 }));
  const ingested = await runHolocron(['ingest', path.join(dir, 'WTF'), '--json'], env);
  if (ingested.code !== 0) throw new Error(`ingest exited ${ingested.code}: ${ingested.stderr}`);
  return (JSON.parse(ingested.stdout) as { stacks: number }).stacks;
}
