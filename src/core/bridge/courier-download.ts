/**
 * Brings the courier files (`GET /api/v1/courier`) into each flavour's
 * `Interface/AddOns/Holocron/Data`, asking with the ETag we hold so an
 * unchanged file costs a 304. Files are written temp + rename: the game may
 * /reload at any moment and must never read half a file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { headerOf, json, serverError, type BridgeClient } from './client.js';
import { courierTarget, isSafeCourierName } from './layout.js';
import { writeAtomically, type BridgeState } from './state.js';

export const COURIER_ROUTE = '/api/v1/courier';

export interface CourierOutcome {
  written: Array<{ name: string; path: string; size: number }>;
  current: number;
  /** Names the server offered that we would not write. */
  refused: string[];
}

interface CourierListing {
  files?: Array<{ name?: unknown; etag?: unknown; size?: unknown; mtime?: unknown }>;
}

export async function downloadCourier(client: BridgeClient, addonFolders: readonly string[], state: BridgeState, save: () => void): Promise<CourierOutcome> {
  const outcome: CourierOutcome = { written: [], current: 0, refused: [] };
  if (addonFolders.length === 0) return outcome;
  const listReply = await client.send('GET', COURIER_ROUTE);
  const listing = json<CourierListing>(listReply);
  if (listReply.status !== 200 || !Array.isArray(listing?.files)) {
    throw new Error(`GET ${COURIER_ROUTE} answered ${listReply.status}${serverError(listReply)} instead of a file list`);
  }
  for (const entry of listing.files) {
    const name = typeof entry.name === 'string' ? entry.name : '';
    if (!isSafeCourierName(name)) {
      outcome.refused.push(String(entry.name));
      continue;
    }
    const targets = addonFolders.map((folder) => ({ key: `${folder}|${name}`, path: courierTarget(path, folder, name) }));
    const held = targets.map((t) => (fs.existsSync(t.path) ? state.courier[t.key]?.etag : undefined));
    const listedEtag = typeof entry.etag === 'string' ? entry.etag : undefined;
    if (listedEtag !== undefined && held.every((etag) => etag === listedEtag)) {
      outcome.current += 1;
      continue;
    }
    const common = held.every((etag) => etag !== undefined && etag === held[0]) ? held[0] : undefined;
    const reply = await client.send('GET', `${COURIER_ROUTE}/${encodeURIComponent(name)}`, common ? { headers: { 'if-none-match': common } } : {});
    if (reply.status === 304) {
      outcome.current += 1;
      continue;
    }
    if (reply.status !== 200) throw new Error(`GET ${COURIER_ROUTE}/${name} answered ${reply.status}${serverError(reply)}`);
    const etag = headerOf(reply, 'etag') ?? listedEtag ?? '';
    for (const target of targets) {
      fs.mkdirSync(path.dirname(target.path), { recursive: true });
      writeAtomically(target.path, reply.body);
      state.courier[target.key] = { etag, size: reply.body.length };
      outcome.written.push({ name, path: target.path, size: reply.body.length });
    }
    save();
  }
  return outcome;
}
