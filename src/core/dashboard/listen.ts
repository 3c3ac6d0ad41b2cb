/**
 * Live updates without polling: ingest, scrape and the logistics queue
 * NOTIFY on DATA_CHANNEL (statement triggers, migration 0029), and the faces
 * LISTEN on one connection of their own. Bursts (an ingest of forty files)
 * arrive as one call after a quiet moment.
 */
import type { Database } from '../db/pool.js';
import { DATA_CHANNEL } from './types.js';

export interface DataListener {
  close(): Promise<void>;
}

export async function listenForData(db: Database, onChange: (what: string[]) => void, options: { debounceMs?: number } = {}): Promise<DataListener> {
  const debounceMs = options.debounceMs ?? 300;
  // A pool client kept out of the pool for as long as we listen: LISTEN belongs to one session.
  const client = await db.pool.connect();
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    timer = undefined;
    const what = [...pending].sort();
    pending.clear();
    onChange(what);
  };
  const onNotification = (message: { channel: string; payload?: string }) => {
    if (message.channel !== DATA_CHANNEL) return;
    pending.add(message.payload || 'data');
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, debounceMs);
  };
  // A dropped connection (server restart) is not the face's crash: it just stops hearing.
  const onError = () => undefined;
  client.on('notification', onNotification);
  client.on('error', onError);
  await client.query(`LISTEN ${DATA_CHANNEL}`);
  let closed = false;
  return {
    async close() {
      if (closed) return;
      closed = true;
      if (timer) clearTimeout(timer);
      client.off('notification', onNotification);
      try {
        await client.query(`UNLISTEN ${DATA_CHANNEL}`);
        client.release();
      } catch {
        client.release(true);
      }
      client.off('error', onError);
    },
  };
}
