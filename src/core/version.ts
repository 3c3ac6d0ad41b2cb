import { readFileSync } from 'node:fs';

let cached: string | undefined;

/** holocron's version from package.json (read once). */
export function holocronVersion(): string {
  cached ??= (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  return cached;
}

export function userAgent(): string {
  return `holocron/${holocronVersion()} (node ${process.version}; +https://github.com/holocron-wow/holocron)`;
}
