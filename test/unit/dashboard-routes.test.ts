import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../src/core/db/pool.js';
import type { DashboardTab, TabName } from '../../src/core/dashboard/types.js';
import { DataEvents, TabCache, parseAction, type DashboardCore } from '../../src/core/serve/dashboard-routes.js';
import { HttpError } from '../../src/core/serve/http.js';

describe('parseAction', () => {
  it('takes the five actions and nothing more than they need', () => {
    expect(parseAction({ action: 'liquidate-plan', extra: 1 })).toEqual({ action: 'liquidate-plan' });
    expect(parseAction({ action: 'liquidate-apply' })).toEqual({ action: 'liquidate-apply' });
    expect(parseAction({ action: 'restock-manifest' })).toEqual({ action: 'restock-manifest', apply: false });
    expect(parseAction({ action: 'restock-manifest', apply: true })).toEqual({ action: 'restock-manifest', apply: true });
    expect(parseAction({ action: 'job-done', ids: [3, 4] })).toEqual({ action: 'job-done', ids: [3, 4] });
    expect(parseAction({ action: 'job-cancel', ids: [1] })).toEqual({ action: 'job-cancel', ids: [1] });
  });

  it('refuses anything else with a 400 that says what is wrong', () => {
    const cases: Array<[unknown, RegExp]> = [
      [null, /JSON object/],
      [[{ action: 'liquidate-plan' }], /JSON object/],
      [{ action: 'drop' }, /action must be/],
      [{ action: 'job-done' }, /ids must be/],
      [{ action: 'job-done', ids: [0] }, /ids must be/],
      [{ action: 'job-done', ids: [1.5] }, /ids must be/],
      [{ action: 'job-done', ids: Array.from({ length: 1001 }, (_, i) => i + 1) }, /ids must be/],
      [{ action: 'restock-manifest', apply: 'yes' }, /apply must be/],
    ];
    for (const [body, message] of cases) {
      const error = (() => {
        try {
          parseAction(body);
        } catch (e) {
          return e;
        }
      })();
      expect(error, JSON.stringify(body)).toBeInstanceOf(HttpError);
      expect((error as HttpError).status).toBe(400);
      expect((error as HttpError).message).toMatch(message);
    }
  });
});

class FakeResponse extends EventEmitter {
  text = '';
  ended = false;
  status = 0;
  writeHead(status: number) {
    this.status = status;
    return this;
  }
  write(chunk: string) {
    this.text += chunk;
    return true;
  }
  end() {
    this.ended = true;
    this.emit('close');
  }
}

function fakeCore() {
  const state = { listens: 0, closed: 0, fire: (_what: string[]) => undefined as void };
  const core: DashboardCore = {
    loadTab: () => Promise.reject(new Error('not used')),
    runAction: () => Promise.reject(new Error('not used')),
    listenForData: async (_db, onChange) => {
      state.listens++;
      state.fire = onChange;
      return { close: async () => void state.closed++ };
    },
  };
  return { core, state };
}

const request = () => ({ socket: { destroyed: false } }) as unknown as IncomingMessage;

describe('DataEvents', () => {
  it('listens once for every stream, sends each change to all, forgets a closed one, and ends all on close', async () => {
    const { core, state } = fakeCore();
    const events = new DataEvents(core, {} as Database, () => undefined, 10);
    const [a, b] = [new FakeResponse(), new FakeResponse()];
    await events.subscribe(request(), a as unknown as ServerResponse);
    await events.subscribe(request(), b as unknown as ServerResponse);
    expect(state.listens).toBe(1);
    expect([a.status, a.text]).toEqual([200, ': ready\n\n']);
    state.fire(['ingest', 'jobs']);
    expect(b.text).toContain('event: data\ndata: ["ingest","jobs"]\n\n');
    a.emit('close');
    expect(events.size).toBe(1);
    await new Promise((r) => setTimeout(r, 30));
    expect(b.text).toContain(': heartbeat\n\n');
    await events.close();
    expect([b.ended, state.closed, events.size]).toEqual([true, 1, 0]);
    await expect(events.subscribe(request(), new FakeResponse() as unknown as ServerResponse)).rejects.toMatchObject({ status: 503 });
  });

  it('answers 503 and tries again on the next stream when it cannot listen', async () => {
    let attempts = 0;
    const errors: string[] = [];
    const core: DashboardCore = {
      ...fakeCore().core,
      listenForData: async () => {
        attempts++;
        throw new Error('connection refused');
      },
    };
    const events = new DataEvents(core, {} as Database, (e) => errors.push(e.message));
    await expect(events.subscribe(request(), new FakeResponse() as unknown as ServerResponse)).rejects.toMatchObject({ status: 503 });
    await expect(events.subscribe(request(), new FakeResponse() as unknown as ServerResponse)).rejects.toMatchObject({ status: 503 });
    expect([attempts, errors]).toEqual([2, ['connection refused', 'connection refused']]);
    await events.close();
  });
});

describe('TabCache', () => {
  function cache(listening = true) {
    let clock = 0;
    const loads: string[] = [];
    let fail = false;
    const tabs = new TabCache(
      async (tab: TabName) => {
        loads.push(tab);
        if (fail) throw new Error('database gone');
        return { tab, n: loads.length } as unknown as DashboardTab;
      },
      async () => listening,
      1000,
      () => clock,
    );
    return { tabs, loads, tick: (ms: number) => void (clock += ms), failNext: (on: boolean) => void (fail = on) };
  }

  it('answers a tab from the cache until cleared or too old, sharing a load in flight', async () => {
    const { tabs, loads, tick } = cache();
    const [a, b] = await Promise.all([tabs.get('home'), tabs.get('home')]);
    expect(a).toBe(b);
    await tabs.get('roster');
    expect(loads).toEqual(['home', 'roster']);
    tick(999);
    await tabs.get('home');
    expect(loads).toEqual(['home', 'roster']);
    tabs.clear();
    await tabs.get('home');
    tick(1000);
    await tabs.get('home');
    expect(loads).toEqual(['home', 'roster', 'home', 'home']);
  });

  it('keeps nothing while it cannot listen for changes, and never keeps a failure', async () => {
    const deaf = cache(false);
    await deaf.tabs.get('home');
    await deaf.tabs.get('home');
    expect(deaf.loads).toEqual(['home', 'home']);
    const flaky = cache();
    flaky.failNext(true);
    await expect(flaky.tabs.get('market')).rejects.toThrow('database gone');
    flaky.failNext(false);
    await expect(flaky.tabs.get('market')).resolves.toMatchObject({ tab: 'market' });
    expect(flaky.loads).toEqual(['market', 'market']);
  });
});
