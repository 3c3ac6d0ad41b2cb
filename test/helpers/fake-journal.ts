import type { FakeBlizzard } from './fake-blizzard.js';

/**
 * The encounter journal in the Game Data API's shapes, small: an old raid whose
 * last boss drops a mount and a cloak with an appearance, a current raid whose
 * mount item is named unlike its mount (the use spell carries the mount's
 * name), a current dungeon dropping a pet, an old dungeon dropping a mount the
 * scenario's account owns, and a world boss (not a lockout). Plus a 404
 * encounter and the mount index.
 */
const NS = 'static-12.0.7_67808-us';
const href = (path: string) => ({ href: `https://us.api.blizzard.com${path}?namespace=${NS}` });
const names = (en: string) => ({ en_US: en, de_DE: `${en} (de)` });
const ref = (path: string, id: number, name: string) => ({ key: href(`${path}/${id}`), name: names(name), id });
const mode = (type: string, players: number) => ({ mode: { type, name: names(type) }, players, is_tracked: true });

export const MOUNT = { invincible: 363, asmr: 2487, deathcharger: 68 } as const;
export const PET_SPECIES = { wick: 4534 } as const;
export const DROPS = { invincible: 50818, cloak: 212001, sword: 50730, asmr: 236960, wick: 225548, deathcharger: 13335, worldBossMount: 87771 } as const;

export interface JournalInstanceFixture {
  id: number;
  name: string;
  mapId: number;
  category: 'RAID' | 'DUNGEON' | 'WORLD_BOSS';
  expansion: [number, string];
  minimumLevel: number;
  modes: Array<[string, number]>;
  encounters: Array<{ id: number; name: string; items: number[] }>;
}

export const INSTANCES: JournalInstanceFixture[] = [
  {
    id: 758,
    name: 'Icecrown Citadel',
    mapId: 631,
    category: 'RAID',
    expansion: [72, 'Wrath of the Lich King'],
    minimumLevel: 30,
    modes: [['LEGACY_10_MAN', 10], ['LEGACY_25_MAN', 25], ['LEGACY_10_MAN_HEROIC', 10], ['LEGACY_25_MAN_HEROIC', 25]],
    encounters: [
      { id: 1624, name: 'Lord Marrowgar', items: [DROPS.sword] },
      { id: 1636, name: 'The Lich King', items: [DROPS.invincible, DROPS.cloak] },
    ],
  },
  {
    id: 1296,
    name: 'Liberation of Undermine',
    mapId: 2769,
    category: 'RAID',
    expansion: [514, 'The War Within'],
    minimumLevel: 80,
    modes: [['LFR', 30], ['NORMAL', 30], ['HEROIC', 30], ['MYTHIC', 20]],
    encounters: [
      { id: 2639, name: 'Vexie and the Geargrinders', items: [] },
      { id: 2646, name: 'Chrome King Gallywix', items: [DROPS.asmr] },
      { id: 2699, name: 'Lost Boss', items: [] }, // 404
    ],
  },
  {
    id: 1210,
    name: 'Darkflame Cleft',
    mapId: 2651,
    category: 'DUNGEON',
    expansion: [514, 'The War Within'],
    minimumLevel: 70,
    modes: [['NORMAL', 5], ['HEROIC', 5], ['MYTHIC', 5], ['MYTHIC_KEYSTONE', 5]],
    encounters: [{ id: 2569, name: 'The Darkness', items: [DROPS.wick] }],
  },
  {
    id: 236,
    name: 'Stratholme',
    mapId: 329,
    category: 'DUNGEON',
    expansion: [68, 'Classic'],
    minimumLevel: 10,
    modes: [['NORMAL', 5]],
    encounters: [{ id: 456, name: 'Lord Aurius Rivendare', items: [DROPS.deathcharger] }],
  },
  {
    id: 1278,
    name: 'Khaz Algar',
    mapId: 2552,
    category: 'WORLD_BOSS',
    expansion: [514, 'The War Within'],
    minimumLevel: 80,
    modes: [['NORMAL', 40]],
    encounters: [{ id: 2636, name: 'Kordac', items: [DROPS.worldBossMount] }],
  },
];

export const MISSING_ENCOUNTER = 2699;

interface DropFixture {
  name: string;
  klass: [number, number];
  spell?: string;
  appearance?: number;
  binding?: string;
}

const DROP_DOCS: Record<number, DropFixture> = {
  [DROPS.invincible]: { name: "Invincible's Reins", klass: [15, 5], spell: 'Invincible', binding: 'ON_ACQUIRE' },
  [DROPS.cloak]: { name: 'Cloak', klass: [4, 1], appearance: 101, binding: 'ON_ACQUIRE' },
  [DROPS.sword]: { name: 'Bone Warden', klass: [2, 7], binding: 'ON_ACQUIRE' }, // gear without appearance ids
  [DROPS.asmr]: { name: 'Gallywix Hoard Key', klass: [15, 5], spell: 'Prototype A.S.M.R.', binding: 'ON_ACQUIRE' },
  [DROPS.wick]: { name: 'Wick', klass: [15, 2], spell: 'Wick', binding: 'ON_ACQUIRE' },
  [DROPS.deathcharger]: { name: "Deathcharger's Reins", klass: [15, 5], spell: "Rivendare's Deathcharger", binding: 'ON_ACQUIRE' },
  [DROPS.worldBossMount]: { name: 'Reins of the Kordac', klass: [15, 5], binding: 'ON_ACQUIRE' },
};

export const MOUNTS_INDEX: Array<[number, string]> = [
  [MOUNT.invincible, 'Invincible'],
  [MOUNT.asmr, 'Prototype A.S.M.R.'],
  [MOUNT.deathcharger, "Rivendare's Deathcharger"],
  [2600, 'Kordac'],
  [6, 'Brown Horse'],
];

export function journalInstanceDocument(f: JournalInstanceFixture): unknown {
  return {
    _links: { self: href(`/data/wow/journal-instance/${f.id}`) },
    id: f.id,
    name: names(f.name),
    map: { name: names(f.name), id: f.mapId },
    area: { name: names(f.name), id: f.mapId + 10_000 },
    description: names(`${f.name}.`),
    encounters: f.encounters.map((e) => ref('/data/wow/journal-encounter', e.id, e.name)),
    expansion: ref('/data/wow/journal-expansion', f.expansion[0], f.expansion[1]),
    modes: f.modes.map(([type, players]) => mode(type, players)),
    minimum_level: f.minimumLevel,
    category: { type: f.category },
    order_index: 0,
  };
}

export function journalEncounterDocument(instance: JournalInstanceFixture, e: JournalInstanceFixture['encounters'][number]): unknown {
  return {
    _links: { self: href(`/data/wow/journal-encounter/${e.id}`) },
    id: e.id,
    name: names(e.name),
    description: names(`${e.name}.`),
    creatures: [{ id: e.id * 10, name: names(e.name), creature_display: { key: href('/data/wow/media/creature-display/1'), id: 1 } }],
    // items[].id is the journal's loot-row id; the item is items[].item.
    items: e.items.map((itemId, i) => ({ id: e.id * 100 + i, item: ref('/data/wow/item', itemId, DROP_DOCS[itemId]!.name) })),
    instance: ref('/data/wow/journal-instance', instance.id, instance.name),
    category: { type: instance.category },
    modes: instance.modes.map(([type]) => ({ type, name: names(type) })),
  };
}

export function dropItemDocument(id: number): unknown {
  const f = DROP_DOCS[id]!;
  return {
    _links: { self: href(`/data/wow/item/${id}`) },
    id,
    name: names(f.name),
    quality: { type: 'EPIC', name: names('Epic') },
    level: 60,
    required_level: 30,
    item_class: { key: href(`/data/wow/item-class/${f.klass[0]}`), name: names('Class'), id: f.klass[0] },
    item_subclass: { key: href(`/data/wow/item-class/${f.klass[0]}/item-subclass/${f.klass[1]}`), name: names('Subclass'), id: f.klass[1] },
    inventory_type: { type: f.klass[0] === 15 ? 'NON_EQUIP' : 'CLOAK', name: names('Slot') },
    purchase_price: 0,
    sell_price: 0,
    max_count: 1,
    is_equippable: f.klass[0] !== 15,
    is_stackable: false,
    preview_item: {
      item: { key: href(`/data/wow/item/${id}`), id },
      binding: f.binding ? { type: f.binding, name: names('Binds when picked up') } : undefined,
      spells: f.spell ? [{ spell: ref('/data/wow/spell', id + 1, f.spell), description: names('Use: Teaches you.') }] : undefined,
    },
    ...(f.appearance ? { appearances: [{ key: href(`/data/wow/item-appearance/${f.appearance}`), id: f.appearance }] } : {}),
  };
}

/** Serves the journal, its drops and the mount index for a region on the fake API. */
export function serveJournal(server: FakeBlizzard, region = 'us'): void {
  server.route(region, '/data/wow/journal-instance/index', {
    body: { _links: { self: href('/data/wow/journal-instance/index') }, instances: INSTANCES.map((i) => ref('/data/wow/journal-instance', i.id, i.name)) },
  });
  for (const instance of INSTANCES) {
    server.route(region, `/data/wow/journal-instance/${instance.id}`, { body: journalInstanceDocument(instance) });
    for (const e of instance.encounters) {
      if (e.id === MISSING_ENCOUNTER) continue;
      server.route(region, `/data/wow/journal-encounter/${e.id}`, { body: journalEncounterDocument(instance, e) });
    }
  }
  for (const id of Object.values(DROPS)) server.route(region, `/data/wow/item/${id}`, { body: dropItemDocument(id) });
  server.route(region, '/data/wow/mount/index', {
    body: { _links: { self: href('/data/wow/mount/index') }, mounts: MOUNTS_INDEX.map(([id, name]) => ref('/data/wow/mount', id, name)) },
  });
}
