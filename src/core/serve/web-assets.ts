/**
 * The web page's static side: the shell HTML at / and the bundled files under
 * /assets/ (scripts/bundle.mjs writes them to dist/web/ with content-hashed
 * names and a manifest). None of it holds account data, so it is public; the
 * data comes from /api/v1 with the token. Files are read once at start and
 * kept in memory, gzipped beside: the whole page is a few tens of KB.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { TAB_NAMES } from '../dashboard/types.js';
import { packageRoot } from '../package-root.js';
import { HttpError, header, holdsVersion } from './http.js';

export interface WebManifest {
  js: string;
  css: string;
  /** Chunks the script imports at once. */
  preload?: string[];
}

interface Asset {
  type: string;
  body: Buffer;
  gzip: Buffer;
  etag: string;
  /** Hashed names never change content; the shell may. */
  immutable: boolean;
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/**
 * The one inline script: it asks for the first tab's data while the bundle is
 * still on its way, so a page load costs the longer of the two rather than
 * their sum (src/web/main.ts takes the answer from window.holocronFirst).
 */
const EARLY_FETCH = `(function(){try{var t=localStorage.getItem('holocron.token'),n=location.hash.slice(1)||'home';if(t&&/^(${TAB_NAMES.join('|')})$/.test(n))window.holocronFirst={tab:n,response:fetch('/api/v1/dashboard/'+n,{headers:{Authorization:'Bearer '+t},cache:'no-store'})}}catch(e){}})();`;

// Everything the page loads comes from this server: no CDN, and no inline script but the one above, allowed by its hash.
const CSP = `default-src 'self'; script-src 'self' 'sha256-${createHash('sha256').update(EARLY_FETCH).digest('base64')}'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'`;

export class WebAssets {
  private constructor(
    private readonly shell: Asset | undefined,
    private readonly files: Map<string, Asset>,
  ) {}

  static load(dir = path.join(packageRoot(), 'dist', 'web')): WebAssets {
    let manifest: WebManifest;
    try {
      manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as WebManifest;
    } catch {
      // Served from a checkout that was never bundled: the API still works.
      return new WebAssets(undefined, new Map());
    }
    const files = new Map<string, Asset>();
    for (const name of fs.readdirSync(dir)) {
      const type = TYPES[path.extname(name)];
      if (!type || name === 'manifest.json') continue;
      files.set(name, asset(fs.readFileSync(path.join(dir, name)), type, true));
    }
    return new WebAssets(asset(Buffer.from(shellHtml(manifest)), TYPES['.html']!, false), files);
  }

  /** Answers GET / and /assets/<name>; false when the path is neither. */
  serve(req: IncomingMessage, res: ServerResponse, pathname: string): boolean {
    if (pathname === '/' || pathname === '/index.html') {
      if (!this.shell) throw new HttpError(503, 'the web page is not built; run npm run build');
      send(req, res, this.shell, { 'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' });
      return true;
    }
    if (!pathname.startsWith('/assets/')) return false;
    const entry = this.files.get(pathname.slice('/assets/'.length));
    if (!entry) throw new HttpError(404, 'no such asset');
    send(req, res, entry, { 'X-Content-Type-Options': 'nosniff' });
    return true;
  }
}

function asset(body: Buffer, type: string, immutable: boolean): Asset {
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
  return { type, body, gzip: gzipSync(body, { level: 9 }), etag, immutable };
}

function send(req: IncomingMessage, res: ServerResponse, entry: Asset, extra: Record<string, string>): void {
  const headers: Record<string, string | number> = {
    ...extra,
    ETag: entry.etag,
    'Cache-Control': entry.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    Vary: 'Accept-Encoding',
  };
  if (holdsVersion(req, entry.etag)) {
    res.writeHead(304, headers);
    return void res.end();
  }
  const gzip = /\bgzip\b/.test(header(req, 'accept-encoding') ?? '') && entry.gzip.length < entry.body.length;
  const body = gzip ? entry.gzip : entry.body;
  res.writeHead(200, { ...headers, 'Content-Type': entry.type, 'Content-Length': body.length, ...(gzip && { 'Content-Encoding': 'gzip' }) });
  res.end(req.method === 'HEAD' ? undefined : body);
}

function shellHtml(manifest: WebManifest): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="dark light">
<title>Holocron · Command Center</title>
<link rel="icon" href="data:,">
<script>${EARLY_FETCH}</script>
<link rel="stylesheet" href="/assets/${manifest.css}">
<script type="module" src="/assets/${manifest.js}"></script>${(manifest.preload ?? []).map((chunk) => `\n<link rel="modulepreload" href="/assets/${chunk}">`).join('')}
</head>
<body>
<noscript>The Command Center needs JavaScript; the same data is in <code>holocron dashboard</code>.</noscript>
</body>
</html>
`;
}
