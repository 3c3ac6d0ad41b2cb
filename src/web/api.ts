/**
 * Every request the page makes: the token from the login page goes in the
 * Authorization header; a 401 anywhere sends the page back to the login.
 */
import type { ActionResult, DashboardAction } from '../core/dashboard/types.js';

const KEY = 'holocron.token';

export class TokenRefused extends Error {}

export const token = {
  get: (): string | null => localStorage.getItem(KEY),
  set: (value: string): void => localStorage.setItem(KEY, value),
  clear: (): void => localStorage.removeItem(KEY),
};

async function call(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('Authorization', `Bearer ${token.get() ?? ''}`);
  return checked(fetch(path, { ...init, headers, cache: 'no-store' }));
}

async function checked(response: Promise<Response>): Promise<Response> {
  const res = await response;
  if (res.status === 401) throw new TokenRefused('token refused or expired');
  if (!res.ok) {
    // The server answers errors as {"error": "..."}; anything else becomes one line too.
    const body = (await res.json().catch(() => null)) as { error?: string } | null;
    throw new Error(body?.error ?? `${res.status} ${res.statusText}`);
  }
  return res;
}

export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  return (await call(path, signal ? { signal } : {})).json() as Promise<T>;
}

declare global {
  interface Window {
    /** The first tab's request, sent by the shell's inline script before this bundle loaded. */
    holocronFirst?: { tab: string; response: Promise<Response> };
  }
}

/** The tab's data: the shell's early request when it asked for this tab, else a new one. */
export async function getTab<T>(tab: string, signal: AbortSignal): Promise<T> {
  const first = window.holocronFirst;
  window.holocronFirst = undefined;
  if (first?.tab === tab) return (await checked(first.response)).json() as Promise<T>;
  return getJson<T>(`/api/v1/dashboard/${tab}`, signal);
}

export async function act(action: DashboardAction): Promise<ActionResult> {
  const res = await call('/api/v1/actions', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(action) });
  return res.json() as Promise<ActionResult>;
}

/**
 * Reads /api/v1/events with fetch (EventSource cannot send the token) and
 * calls onData with the changed sources; reconnects after a drop.
 */
export function watchEvents(onData: (what: string[]) => void, onRefused: () => void): () => void {
  const abort = new AbortController();
  const run = async (): Promise<void> => {
    while (!abort.signal.aborted) {
      try {
        const res = await call('/api/v1/events', { signal: abort.signal });
        const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const frame = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = /^event: data\ndata: (.*)$/m.exec(frame);
            if (data) onData(JSON.parse(data[1]!) as string[]);
          }
        }
      } catch (error) {
        if (error instanceof TokenRefused) return onRefused();
        if (abort.signal.aborted) return;
      }
      await new Promise((resolve) => setTimeout(resolve, 5000));
    }
  };
  void run();
  return () => abort.abort();
}
