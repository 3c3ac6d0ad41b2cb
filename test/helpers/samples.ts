import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** ../shared/samples next to the repository, when this machine has it. */
export const SAMPLES_DIR = process.env.HOLOCRON_SAMPLES_DIR ?? path.resolve(fileURLToPath(new URL('../../', import.meta.url)), '../shared/samples');

export function hasSamples(): boolean {
  return fs.existsSync(SAMPLES_DIR);
}

export function samplePath(...parts: string[]): string {
  return path.join(SAMPLES_DIR, ...parts);
}
