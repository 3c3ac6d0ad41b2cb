// Evaluated before pg (see pg-import.ts): a navigator that says "not Cloudflare".
const installed = !('navigator' in globalThis);
if (installed) Object.defineProperty(globalThis, 'navigator', { value: { userAgent: 'Node.js' }, configurable: true, writable: true });

export function removeNavigatorShim(): void {
  if (installed) delete (globalThis as { navigator?: unknown }).navigator;
}
