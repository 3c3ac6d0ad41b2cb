import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';

/**
 * A throwaway loopback server speaking the `holocron serve` contract the bridge
 * codes against (issue 14), for testing the bridge's requests before the real
 * server is in the tree. It keeps everything in memory and records each
 * request, so tests can check headers, bodies and counts over real HTTP.
 */
export interface ContractServer {
  url: string;
  token: string;
  requests: Array<{ method: string; url: string; headers: http.IncomingHttpHeaders; bytes: number }>;
  /** Decoded uploads by `<flavour>/<account>/<name>`: the bytes the server holds. */
  stored: Map<string, Buffer>;
  /** How often each key was ingested (not "unchanged"). */
  ingests: Map<string, number>;
  courier: Map<string, Buffer>;
  /** List weak ETags (`W/"…"`) while the files answer strong ones, as a proxy may. */
  listWeakEtags: boolean;
  /** Answer every request with this status (e.g. 503) while set. */
  failWith: number | undefined;
  /** Cut the connection after this many more chunk requests (a server killed mid-upload). */
  dropChunksAfter: number | undefined;
  close(): Promise<void>;
}

export async function startContractServer(token = 'test-token-0123456789'): Promise<ContractServer> {
  const partial = new Map<string, Buffer>();
  const state: Omit<ContractServer, 'url' | 'close'> = {
    token,
    requests: [],
    stored: new Map(),
    ingests: new Map(),
    courier: new Map(),
    listWeakEtags: false,
    failWith: undefined,
    dropChunksAfter: undefined,
  };
  const send = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      state.requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, bytes: raw.length });
      if (req.url === '/healthz') return send(res, 200, { ok: true });
      if (state.failWith !== undefined) return send(res, state.failWith, { error: 'down for the test' });
      if (req.headers.authorization !== `Bearer ${token}`) return send(res, 401, { error: 'missing or wrong token' });
      const body = req.headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(raw) : raw;
      if (req.method === 'POST' && req.url === '/api/v1/files') return files(req, res, body);
      if (req.method === 'GET' && req.url === '/api/v1/courier') {
        return send(res, 200, { files: [...state.courier].map(([name, bytes]) => ({ name, etag: `${state.listWeakEtags ? 'W/' : ''}${etagOf(bytes)}`, size: bytes.length, mtime: 0 })) });
      }
      const match = /^\/api\/v1\/courier\/([^/]+)$/.exec(req.url ?? '');
      const file = match && state.courier.get(decodeURIComponent(match[1]!));
      if (req.method === 'GET' && file) {
        if (req.headers['if-none-match'] === etagOf(file)) {
          res.writeHead(304, { etag: etagOf(file) });
          return res.end();
        }
        res.writeHead(200, { etag: etagOf(file), 'content-type': 'text/plain' });
        return res.end(file);
      }
      return send(res, 404, { error: 'no such route' });
    });
  });

  function files(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer) {
    const key = `${req.headers['x-holocron-flavour']}/${req.headers['x-holocron-account']}/${req.headers['x-holocron-file-name']}`;
    const offsetHeader = req.headers['x-holocron-offset'];
    if (offsetHeader !== undefined) {
      const offset = Number(offsetHeader);
      const total = Number(req.headers['x-holocron-total-size']);
      const held = partial.get(key) ?? state.stored.get(key) ?? Buffer.alloc(0);
      if (offset !== held.length) return send(res, 409, { error: 'offset mismatch', expectedOffset: held.length });
      if (state.dropChunksAfter !== undefined && state.dropChunksAfter-- <= 0) {
        state.dropChunksAfter = undefined;
        req.socket.destroy();
        return;
      }
      const next = Buffer.concat([held, body]);
      if (next.length < total) {
        partial.set(key, next);
        return send(res, 200, { status: 'partial', nextOffset: next.length });
      }
      partial.delete(key);
      return store(res, key, next);
    }
    if (body.includes('BROKEN')) return send(res, 422, { error: `${req.headers['x-holocron-file-name']}:3:1: unexpected symbol` });
    return store(res, key, body);
  }

  function store(res: http.ServerResponse, key: string, bytes: Buffer) {
    const same = state.stored.get(key)?.equals(bytes) ?? false;
    state.stored.set(key, bytes);
    if (!same) state.ingests.set(key, (state.ingests.get(key) ?? 0) + 1);
    send(res, 200, { status: same ? 'unchanged' : 'ingested', file: { key, size: bytes.length }, receivedAt: new Date().toISOString(), warnings: [] });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

function etagOf(bytes: Buffer): string {
  return `"${crypto.createHash('sha256').update(bytes).digest('hex').slice(0, 16)}"`;
}
