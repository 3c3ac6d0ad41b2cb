/**
 * The liquidation plan: what is worth selling and from where, what is kept
 * and why, and the jobs that move it — read from goblin.view_liquidatable_assets
 * (pricing and every exclusion live there, one place for the CLI, the
 * dashboard and users' SQL) and the pet journal.
 */
import type { Database } from '../db/pool.js';
import { PET_CAGE_ITEM_ID } from '../inventory/item-link.js';
import { accountRegion } from '../inventory/region.js';
import { resolveCharacter } from '../inventory/resolve.js';
import { PLANNER_PREFIX, type JobKind, type PlannedJob } from './jobs.js';
import { readSettings, type AuctionAlt } from './settings.js';

export interface LiquidationOptions {
  region?: string | undefined;
  /** Copper; overrides the saved setting for this plan. */
  minValue?: number | undefined;
  /** Gather what is not sold at one character per realm: a name, or true for the biggest holder. */
  gatherTo?: string | true | undefined;
  now: Date;
}

/** Some of one item in one place of one holder. */
export interface StackLine {
  account: string;
  holder: string;
  location: string;
  itemId: number;
  petSpeciesId: number;
  itemName: string | null;
  count: number;
}

export interface SellRow extends StackLine {
  unitValue: number;
  priceSource: string;
  value: number;
  action: 'auction' | 'vendor';
  /** Units sold per day on the item's market (null: no sales data yet). */
  soldPerDay: number | null;
  /** Days the listing would take at that rate. */
  daysToSell: number | null;
  /** Who sells it: the holder, or the auction alt it is mailed to. */
  sellerAt: string;
  /** The holder's inventory is older than STALE_DAYS. */
  stale: boolean;
}

export interface KeptRow extends StackLine {
  reason: string;
  unitValue: number | null;
}

export interface JobPlan {
  key: string;
  kind: JobKind;
  from: string;
  to: string | null;
  source: string | null;
  reason: string;
  items: Array<{ itemId: number; petSpeciesId: number; itemName: string | null; count: number }>;
  value: number;
}

export interface HolderTotal {
  holder: string;
  account: string;
  auction: number;
  vendor: number;
  stale: boolean;
}

export interface LiquidationPlan {
  region: string;
  pricesAsOf: string | null;
  minValue: number;
  auctionAlts: AuctionAlt[];
  sell: SellRow[];
  kept: KeptRow[];
  jobs: JobPlan[];
  totals: { auction: number; vendor: number; holders: HolderTotal[] };
  warnings: string[];
  /** For --apply: the jobs with owner ids. */
  planned: PlannedJob[];
  dbMs: number;
}

/** An inventory older than this is flagged on every line it gives: selling from it moves nothing. */
export const STALE_DAYS = 7;
const DAY_MS = 86_400_000;

interface AssetGroup {
  account: string;
  owner: string;
  owner_kind: 'character' | 'guild' | 'warband';
  owner_id: number;
  location: string;
  item_id: number;
  pet_species_id: number;
  item_name: string | null;
  exclusion: string | null;
  action: 'auction' | 'vendor' | null;
  price_source: string | null;
  unit_value: number | null;
  sold_per_day: number | null;
  keep_rule: number | null;
  keep_rule_scope: 'character' | 'account' | 'consumables' | 'consumables short' | null;
  keep_reason: string | null;
  count: number;
  keep_count: number;
  sell_count: number;
  value: number;
  /** Epoch ms: 35,000 Date objects cost more to parse and collect than the plan's own work. */
  observed_ms: number;
}

interface Character {
  ownerId: number;
  label: string;
  account: string;
  accountId: number;
  realmKey: string;
  connectedRealmId: number | null;
  faction: string | null;
  lastSeen: number;
}

// Grouped by owner id (its names ride along as min()) and without item
// names: hashing three text keys per stack and joining names for 60,000
// stacks instead of ~140 distinct items cost ~100 ms on the bench account.
const GROUPS_SQL = `
  SELECT min(account) AS account, min(owner) AS owner, min(owner_kind) AS owner_kind, owner_id, location, item_id, pet_species_id,
         exclusion, action, price_source, unit_value::float8 AS unit_value, max(sold_per_day) AS sold_per_day,
         keep_rule::float8 AS keep_rule, keep_rule_scope, keep_reason,
         sum(count)::float8 AS count, sum(keep_count)::float8 AS keep_count, sum(sell_count)::float8 AS sell_count,
         sum(value)::float8 AS value, (extract(epoch FROM min(observed_at)) * 1000)::float8 AS observed_ms
  FROM goblin.view_liquidatable_assets
  WHERE region = $1
  GROUP BY owner_id, location, item_id, pet_species_id, exclusion, action, price_source, unit_value, keep_rule, keep_rule_scope, keep_reason
  ORDER BY min(owner) COLLATE "C", location COLLATE "C", item_id, pet_species_id`;

/** Names of the distinct items of the plan, the same way the view names them. */
async function itemNames(db: Database, groups: readonly AssetGroup[]): Promise<Map<string, string>> {
  const keys = new Map(groups.map((g) => [`${g.item_id}:${g.pet_species_id}`, g]));
  const rows = await db.query<{ item_id: number; pet_species_id: number; name: string | null }>(
    `SELECT k.item_id, k.pet_species_id, coalesce(n.name, sp.name, i.name) AS name
     FROM unnest($1::int[], $2::int[]) AS k (item_id, pet_species_id)
     LEFT JOIN holocron.item_names n ON n.item_id = k.item_id AND n.pet_species_id = k.pet_species_id
     LEFT JOIN petweaver.species sp ON sp.species_id = nullif(k.pet_species_id, 0)
     LEFT JOIN goblin.items i ON i.item_id = k.item_id`,
    [[...keys.values()].map((g) => g.item_id), [...keys.values()].map((g) => g.pet_species_id)],
  );
  return new Map(rows.filter((r) => r.name !== null).map((r) => [`${r.item_id}:${r.pet_species_id}`, r.name!]));
}

export async function planLiquidation(db: Database, options: LiquidationOptions): Promise<LiquidationPlan> {
  const started = performance.now();
  const region = options.region ?? (await accountRegion(db));
  const settings = await readSettings(db);
  const minValue = options.minValue ?? settings.minValue;
  const [groups, characters, [prices], cages] = await Promise.all([
    db.query<AssetGroup>(GROUPS_SQL, [region]),
    loadCharacters(db, region),
    db.query<{ at: Date | null }>('SELECT max(snapshot_at) AS at FROM goblin.auction_snapshots WHERE region = $1', [region]),
    journalExtras(db, region),
  ]);
  const names = await itemNames(db, groups);
  for (const g of groups) g.item_name = names.get(`${g.item_id}:${g.pet_species_id}`) ?? null;
  const dbMs = performance.now() - started;
  const staleBefore = options.now.getTime() - STALE_DAYS * DAY_MS;
  const byOwner = new Map(characters.map((c) => [c.ownerId, c]));
  const altOf = auctionAltFinder(settings.auctionAlts, byOwner);

  const sell: SellRow[] = [];
  const kept: KeptRow[] = [];
  const stale = new Set<string>();
  const builder = new JobBuilder();
  const gatherable: AssetGroup[] = [];
  for (const g of groups) {
    const isStale = g.observed_ms < staleBefore;
    if (isStale) stale.add(g.owner);
    const keptRow = (count: number, reason: string): KeptRow => ({
      account: g.account, holder: g.owner, location: g.location, itemId: g.item_id, petSpeciesId: g.pet_species_id, itemName: g.item_name, count, reason, unitValue: g.unit_value,
    });
    if (g.exclusion === 'no market data' && g.keep_count > 0) {
      kept.push(keptRow(g.keep_count, `kept: ${g.keep_reason}`));
      if (g.keep_rule_scope === 'account') gatherable.push({ ...g, sell_count: 0, count: g.keep_count });
      if (g.count > g.keep_count) {
        kept.push(keptRow(g.count - g.keep_count, g.exclusion));
        gatherable.push({ ...g, count: g.count - g.keep_count });
      }
      continue;
    }
    if (g.exclusion) {
      // "No market data" is a fact about the market, not something the account needs: no "kept:".
      kept.push(keptRow(g.count, g.exclusion === 'no market data' ? g.exclusion : `kept: ${g.exclusion}`));
      if (g.exclusion === g.keep_reason || g.exclusion === 'no market data') gatherable.push(g);
      continue;
    }
    if (g.keep_count > 0) {
      kept.push(keptRow(g.keep_count, `kept: ${g.keep_reason}`));
      if (g.keep_rule_scope === 'account') gatherable.push({ ...g, sell_count: 0, count: g.keep_count });
    }
    if (g.sell_count <= 0) continue;
    if (g.action === 'auction' && g.value < minValue) {
      kept.push(keptRow(g.sell_count, 'below --min-value'));
      gatherable.push({ ...g, count: g.sell_count });
      continue;
    }
    const seller = builder.route(g, altOf, byOwner);
    sell.push({
      account: g.account,
      holder: g.owner,
      location: g.location,
      itemId: g.item_id,
      petSpeciesId: g.pet_species_id,
      itemName: g.item_name,
      count: g.sell_count,
      unitValue: g.unit_value!,
      priceSource: g.price_source!,
      value: g.value,
      action: g.action!,
      soldPerDay: g.sold_per_day,
      daysToSell: g.action === 'auction' && g.sold_per_day ? g.sell_count / g.sold_per_day : null,
      sellerAt: seller ?? g.owner,
      stale: isStale,
    });
  }
  for (const cage of cages) builder.cage(cage, minValue, settings.auctionAlts, characters);
  if (options.gatherTo !== undefined) builder.gather(gatherable, options.gatherTo === true ? null : await resolveCharacter(db, options.gatherTo), byOwner);

  const warnings = [...stale].sort().map((holder) => `${holder}: inventory older than ${STALE_DAYS} days; its lines may be out of date (selling from stale data moves nothing)`);
  if (!prices?.at) warnings.unshift(`no ${region} market data yet: everything is kept as "no market data" (run holocron scrape --region ${region})`);
  warnings.push(...builder.warnings);
  return {
    region,
    pricesAsOf: prices?.at?.toISOString() ?? null,
    minValue,
    auctionAlts: settings.auctionAlts,
    sell,
    kept,
    jobs: builder.describe(byOwner),
    totals: totals(sell, stale),
    warnings,
    planned: builder.planned(),
    dbMs,
  };
}

function totals(sell: readonly SellRow[], stale: ReadonlySet<string>): LiquidationPlan['totals'] {
  const holders = new Map<string, HolderTotal>();
  let auction = 0;
  let vendor = 0;
  for (const row of sell) {
    const t = holders.get(row.holder) ?? { holder: row.holder, account: row.account, auction: 0, vendor: 0, stale: stale.has(row.holder) };
    t[row.action] += row.value;
    holders.set(row.holder, t);
    if (row.action === 'auction') auction += row.value;
    else vendor += row.value;
  }
  return { auction, vendor, holders: [...holders.values()].sort((a, b) => b.auction + b.vendor - (a.auction + a.vendor) || a.holder.localeCompare(b.holder)) };
}

async function loadCharacters(db: Database, region: string): Promise<Character[]> {
  const rows = await db.query<{ owner_id: number; label: string; account: string; account_id: number; realm_key: string; connected_realm_id: number | null; faction: string | null; last_seen: Date | null }>(
    `SELECT c.owner_id, o.label, a.name AS account, c.account_id, c.realm_key, c.faction, c.last_seen_at AS last_seen,
            (SELECT r.connected_realm_id FROM goblin.realms r
             WHERE r.region = $1 AND lower(regexp_replace(r.name, '[^[:alnum:]]', '', 'g')) = c.realm_key LIMIT 1) AS connected_realm_id
     FROM holocron.characters c JOIN holocron.owners o USING (owner_id) JOIN holocron.accounts a ON a.account_id = c.account_id
     ORDER BY o.label COLLATE "C", c.owner_id`,
    [region],
  );
  return rows.map((r) => ({
    ownerId: r.owner_id,
    label: r.label,
    account: r.account,
    accountId: r.account_id,
    realmKey: r.realm_key,
    connectedRealmId: r.connected_realm_id,
    faction: r.faction,
    lastSeen: r.last_seen?.getTime() ?? 0,
  }));
}

/** Mail goes between characters of one connected realm (one realm when the realm list is not seeded) and one faction. */
function canMail(a: Character, b: Character): boolean {
  const sameRealm = a.connectedRealmId !== null && b.connectedRealmId !== null ? a.connectedRealmId === b.connectedRealmId : a.realmKey === b.realmKey;
  return sameRealm && (a.faction === null || b.faction === null || a.faction === b.faction);
}

function auctionAltFinder(alts: readonly AuctionAlt[], byOwner: ReadonlyMap<number, Character>): (holder: Character) => Character | undefined {
  return (holder) => {
    const exact = alts.find((a) => a.realmKey === holder.realmKey);
    const candidates = exact ? [exact] : alts;
    for (const alt of candidates) {
      const character = byOwner.get(alt.ownerId);
      if (character && canMail(holder, character)) return character;
    }
    return undefined;
  };
}

export interface JournalExtra {
  account_id: number;
  species_id: number;
  name: string;
  owned: number;
  used: number;
  extra: number;
  market_value: number | null;
}

/**
 * Journal pets beyond what saved teams use (and beyond one, the collection's),
 * of tradable species: caging and selling them is money the journal sits on.
 */
export async function journalExtras(db: Database, region: string): Promise<JournalExtra[]> {
  return db.query<JournalExtra>(
    `WITH journal AS (
       SELECT account_id, species_id, count(*)::int AS owned FROM petweaver.owned_pets WHERE species_id IS NOT NULL GROUP BY 1, 2
     ), used AS (
       SELECT t.account_id, op.species_id, count(DISTINCT tp.pet_guid)::int AS used
       FROM petweaver.team_pets tp JOIN petweaver.teams t USING (team_id) JOIN petweaver.owned_pets op ON op.pet_guid = tp.pet_guid
       GROUP BY 1, 2
     ), prices AS (
       SELECT pet_species_id, percentile_disc(0.5) WITHIN GROUP (ORDER BY market_value)::float8 AS market_value
       FROM goblin.view_latest_realm_stats WHERE region = $1 AND item_id = ${PET_CAGE_ITEM_ID} AND market_value IS NOT NULL
       GROUP BY 1
     )
     SELECT j.account_id, j.species_id, sp.name, j.owned, coalesce(u.used, 0) AS used,
            j.owned - greatest(1, coalesce(u.used, 0)) AS extra, p.market_value
     FROM journal j
     JOIN petweaver.species sp ON sp.species_id = j.species_id AND sp.is_tradable
     LEFT JOIN used u ON u.account_id = j.account_id AND u.species_id = j.species_id
     LEFT JOIN prices p ON p.pet_species_id = j.species_id
     WHERE j.owned > greatest(1, coalesce(u.used, 0))
     ORDER BY j.account_id, sp.name`,
    [region],
  );
}

interface Draft {
  kind: JobKind;
  from: number;
  to: number | null;
  source: number | null;
  reason: string;
  items: Map<string, { itemId: number; petSpeciesId: number; itemName: string | null; count: number; value: number }>;
}

/** Collects the plan's moves into jobs: one per kind, actor, destination and source. */
class JobBuilder {
  private readonly drafts = new Map<string, Draft>();
  readonly warnings: string[] = [];
  private readonly noAlt = new Set<string>();

  /** Plans the move of one sell group; returns who sells it when that is not its holder. */
  route(g: AssetGroup, altOf: (c: Character) => Character | undefined, byOwner: ReadonlyMap<number, Character>): string | undefined {
    if (g.owner_kind === 'character') {
      const holder = byOwner.get(g.owner_id)!;
      if (g.action === 'vendor') {
        this.add('vendor', holder.ownerId, null, null, 'worth more at a vendor', g);
        return undefined;
      }
      const alt = altOf(holder);
      if (alt && alt.ownerId !== holder.ownerId) {
        this.add('mail', holder.ownerId, alt.ownerId, null, 'to the auction alt', g);
        return alt.label;
      }
      if (!alt) this.noteNoAlt(holder.realmKey, holder.label);
      this.add('sell', holder.ownerId, null, null, 'post at the auction house', g);
      return undefined;
    }
    // The warband bank: whoever sells takes it out — an auction alt of its account.
    const actor = [...byOwner.values()].find((c) => c.account === g.account && altOf(c)?.ownerId === c.ownerId);
    if (!actor) {
      this.warnings.push(`${g.owner}: nothing to act for it (set an auction alt with --auction-alt Name-Realm to sell from the warband bank)`);
      return undefined;
    }
    this.add(g.action === 'vendor' ? 'vendor' : 'sell', actor.ownerId, null, g.owner_id, 'take from the warband bank', g);
    return actor.label;
  }

  cage(extra: JournalExtra, minValue: number, alts: readonly AuctionAlt[], characters: readonly Character[]): void {
    if (extra.market_value === null || extra.market_value * extra.extra < minValue) return;
    const ofAccount = characters.filter((c) => c.accountId === extra.account_id);
    const actor = ofAccount.find((c) => alts.some((a) => a.ownerId === c.ownerId)) ?? [...ofAccount].sort((a, b) => b.lastSeen - a.lastSeen)[0];
    if (!actor) return;
    const item = { itemId: PET_CAGE_ITEM_ID, petSpeciesId: extra.species_id, itemName: extra.name, count: extra.extra, value: extra.market_value * extra.extra };
    this.draft('cage', actor.ownerId, null, null, `journal holds ${extra.owned}, teams use ${extra.used}`).items.set(`${item.itemId}:${item.petSpeciesId}`, item);
  }

  /** Mail jobs that bring what stays unsold of an item to one character per realm. */
  gather(groups: readonly AssetGroup[], target: { ownerId: number } | null, byOwner: ReadonlyMap<number, Character>): void {
    const movable = groups.filter((g) => g.owner_kind === 'character' && ['bags', 'bank', 'reagent_bank', 'mail'].includes(g.location) && g.keep_rule_scope !== 'character' && !g.keep_rule_scope?.startsWith('consumables'));
    const byItem = new Map<string, AssetGroup[]>();
    for (const g of movable) {
      const key = `${g.item_id}:${g.pet_species_id}`;
      byItem.set(key, [...(byItem.get(key) ?? []), g]);
    }
    const named = target ? byOwner.get(target.ownerId) : undefined;
    for (const items of byItem.values()) {
      for (const realm of realmGroups(items, byOwner)) {
        const held = new Map<number, number>();
        for (const g of realm) held.set(g.owner_id, (held.get(g.owner_id) ?? 0) + g.count);
        if (held.size < 2) continue;
        const holders = [...held.entries()].map(([id, count]) => ({ c: byOwner.get(id)!, count })).sort((a, b) => b.count - a.count || a.c.label.localeCompare(b.c.label));
        const to = named && canMail(named, holders[0]!.c) ? named : holders[0]!.c;
        for (const g of realm) if (g.owner_id !== to.ownerId) this.add('mail', g.owner_id, to.ownerId, null, 'gather', g, g.count);
      }
    }
  }

  private add(kind: JobKind, from: number, to: number | null, source: number | null, reason: string, g: AssetGroup, count = g.sell_count): void {
    const draft = this.draft(kind, from, to, source, reason);
    const key = `${g.item_id}:${g.pet_species_id}`;
    const item = draft.items.get(key) ?? { itemId: g.item_id, petSpeciesId: g.pet_species_id, itemName: g.item_name, count: 0, value: 0 };
    item.count += count;
    item.value += g.unit_value !== null ? g.unit_value * count : 0;
    draft.items.set(key, item);
  }

  private draft(kind: JobKind, from: number, to: number | null, source: number | null, reason: string): Draft {
    const key = `${PLANNER_PREFIX}${kind}/${from}/${to ?? '-'}/${source ?? '-'}`;
    let draft = this.drafts.get(key);
    if (!draft) this.drafts.set(key, (draft = { kind, from, to, source, reason, items: new Map() }));
    return draft;
  }

  private noteNoAlt(realmKey: string, label: string): void {
    if (this.noAlt.has(realmKey)) return;
    this.noAlt.add(realmKey);
    this.warnings.push(`no auction alt on ${label.slice(label.indexOf('-') + 1)}: its characters sell where they are (set one with --auction-alt Name-Realm)`);
  }

  planned(): PlannedJob[] {
    return [...this.drafts.entries()].map(([key, d]) => ({
      key,
      kind: d.kind,
      fromOwnerId: d.from,
      toOwnerId: d.to,
      sourceOwnerId: d.source,
      reason: d.reason,
      items: [...d.items.values()].map((i) => ({ itemId: i.itemId, petSpeciesId: i.petSpeciesId, count: i.count })),
    }));
  }

  describe(byOwner: ReadonlyMap<number, Character>): JobPlan[] {
    const label = (id: number | null) => (id === null ? null : (byOwner.get(id)?.label ?? 'Warband'));
    return [...this.drafts.entries()].map(([key, d]) => ({
      key,
      kind: d.kind,
      from: label(d.from)!,
      to: label(d.to),
      source: label(d.source),
      reason: d.reason,
      items: [...d.items.values()].map(({ value: _value, ...item }) => item),
      value: [...d.items.values()].reduce((sum, i) => sum + i.value, 0),
    }));
  }
}

/** Holders of an item split by who can mail whom. */
function realmGroups(groups: readonly AssetGroup[], byOwner: ReadonlyMap<number, Character>): AssetGroup[][] {
  const out: AssetGroup[][] = [];
  for (const g of groups) {
    const c = byOwner.get(g.owner_id);
    if (!c) continue;
    const home = out.find((list) => canMail(byOwner.get(list[0]!.owner_id)!, c));
    if (home) home.push(g);
    else out.push([g]);
  }
  return out;
}
