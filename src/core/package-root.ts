import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/**
 * The folder holding holocron's package.json and sql/, found by walking up from
 * this module: the same answer from src/ (tests), dist/ (tsc) and the bundle.
 */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string }).name === 'holocron') return (cached = dir);
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`holocron's package.json not found above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}
