import { readFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from './package-root.js';

let cached: string | undefined;

/** holocron's version from package.json (read once). */
export function holocronVersion(): string {
  cached ??= (JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  return cached;
}

export function userAgent(): string {
  return `holocron/${holocronVersion()} (node ${process.version}; +https://github.com/holocron-wow/holocron)`;
}
