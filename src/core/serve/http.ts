import type { IncomingMessage, ServerResponse } from 'node:http';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store', ...headers });
  res.end(text);
}

/**
 * Answers without reading the body (401, 413…): the connection is closed after
 * the answer so the unread bytes are never taken in.
 */
export function refuse(req: IncomingMessage, res: ServerResponse, status: number, body: unknown): void {
  res.once('finish', () => req.destroy());
  sendJson(res, status, body, { Connection: 'close' });
}

/** The client already holds this version (If-None-Match lists its ETag): answer 304. */
export function holdsVersion(req: IncomingMessage, etag: string): boolean {
  return header(req, 'if-none-match')?.split(/\s*,\s*/).includes(etag) ?? false;
}

export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * A name sent in a header: HTTP headers carry printable ASCII, so the bridge
 * percent-encodes any other name (and any with a '%'); decoded here before
 * it is checked.
 */
export function nameHeader(req: IncomingMessage, name: string): string | undefined {
  const value = header(req, name);
  if (value === undefined || !value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    throw new HttpError(400, `${name} is not valid percent-encoding`);
  }
}
