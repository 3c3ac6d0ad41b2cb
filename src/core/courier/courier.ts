/**
 * `holocron courier`: the three data files the addon reads, written
 * atomically (a temporary file renamed over the old one: the game never reads
 * half a file) and deterministically (the same database gives the same bytes,
 * so an unchanged file is left alone and keeps its modification time).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from '../db/pool.js';
import { ConfigError, errnoCode } from '../errors.js';
import { accountRegion } from '../inventory/region.js';
import type { Logger } from '../log.js';
import { buildIndex } from './index-file.js';
import { GENERATED_BY } from './lua-text.js';
import { buildPetNeeds } from './pet-needs.js';
import { buildPricing } from './pricing.js';

export const COURIER_FILES = ['Holocron_Index.lua', 'Holocron_Pricing.lua', 'Holocron_PetNeeds.lua'] as const;
export type CourierFileName = (typeof COURIER_FILES)[number];

export interface CourierOptions {
  outDir: string;
  /** Whose market prices (default: accountRegion). */
  region?: string;
  version: string;
}

export interface CourierFileReport {
  name: CourierFileName;
  path: string;
  bytes: number;
  /** False when the file already held exactly these bytes. */
  written: boolean;
  /** Newest input time (Unix seconds), or null when there is no data of that kind. */
  dataAt: number | null;
  note: string | null;
  /** What it holds, in a few numbers. */
  counts: Record<string, number>;
}

export interface CourierReport {
  outDir: string;
  region: string;
  files: CourierFileReport[];
}

export interface CourierDeps {
  db: Database;
  log: Logger;
}

export async function writeCourier(options: CourierOptions, deps: CourierDeps): Promise<CourierReport> {
  const outDir = path.resolve(options.outDir);
  ensureWritableFolder(outDir);
  const region = options.region ?? (await accountRegion(deps.db));
  const index = await buildIndex(deps.db);
  const pricing = await buildPricing(deps.db, region);
  const pets = await buildPetNeeds(deps.db);
  const header = `${GENERATED_BY(options.version)}\n`;
  const files: CourierFileReport[] = [];
  const put = (name: CourierFileName, text: string, dataAt: number | null, note: string | null, counts: Record<string, number>) => {
    const target = path.join(outDir, name);
    const bytes = Buffer.from(header + text, 'latin1');
    files.push({ name, path: target, bytes: bytes.length, written: writeAtomically(target, bytes), dataAt, note, counts });
  };
  put('Holocron_Index.lua', index.text, index.generatedAt, index.note, { items: index.items, places: index.places, jobs: index.jobs });
  put('Holocron_Pricing.lua', pricing.text, pricing.generatedAt, pricing.note, { keys: pricing.keys });
  put('Holocron_PetNeeds.lua', pets.text, pets.generatedAt, pets.note, { accounts: pets.accounts });
  return { outDir, region, files };
}

function ensureWritableFolder(dir: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (error) {
    throw new ConfigError(`cannot write the courier files to ${dir} (${errnoCode(error) ?? (error as Error).message})`, {
      hint: 'Give holocron write access to that folder, or choose another with --out.',
    });
  }
}

/** Temporary file in the same folder, then rename: readers see the old file or the new one. */
function writeAtomically(target: string, bytes: Buffer): boolean {
  try {
    if (fs.readFileSync(target).equals(bytes)) return false;
  } catch {
    // absent or unreadable: write it
  }
  const temporary = `${target}.tmp`;
  try {
    fs.writeFileSync(temporary, bytes);
    fs.renameSync(temporary, target);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw new ConfigError(`cannot write ${target} (${errnoCode(error) ?? (error as Error).message})`);
  }
  return true;
}
