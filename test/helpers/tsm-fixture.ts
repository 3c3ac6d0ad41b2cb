/**
 * TSM group sync fixtures: TradeSkillMaster.lua files in the 11.x serializer
 * style (LF, no indent, global "shared" operations, an item cache with raw
 * \x01/\x02 bytes), group plans without a database, market/craft analysis
 * rows put into the test database's views, and a Lua 5.1 dump of the file
 * as the game loads it.
 */
import fs from 'node:fs';
import luaparse from 'luaparse';
import type { Database } from '../../src/core/db/pool.js';
import type { GroupPlan } from '../../src/core/tsm/plan.js';
import { runLuaChunk } from './lua-harness.js';

export interface TsmFileOptions {
  /** Items the user has grouped (into "Mats`Herbs"). */
  userItems?: number;
  /** Approximate size of the TSMItemInfoDB cache in bytes. */
  cacheBytes?: number;
  globalOperations?: boolean;
  /** A top-level group of the user's own (e.g. "Holocron" for the root-clash case). */
  userGroup?: string;
}

const q = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
const MODULES = ['Auctioning', 'Crafting', 'Mailing', 'Shopping', 'Sniper', 'Vendoring', 'Warehousing'];

function groupInfo(ops: Record<string, string[]>, override: boolean): string {
  return `{\n${MODULES.map((m) => `[${q(m)}] = {\n${(ops[m] ?? ['#Default']).map((n) => `${q(n)},\n`).join('')}${override ? '["override"] = true,\n' : ''}},\n`).join('')}}`;
}

const OPERATIONS = `{
["Auctioning"] = {
["#Default"] = {
["aboveMax"] = "maxPrice",
["normalPrice"] = "check(first(crafting,dbmarket,dbregionmarketavg),max(2*avg(crafting,dbmarket,dbregionmarketavg),12*vendorsell))",
["cancelUndercut"] = true,
["keepQuantity"] = "0",
["postCap"] = "5",
["bidPercent"] = 1,
["relationships"] = {
},
["maxPrice"] = "check(first(crafting,dbmarket,dbregionmarketavg),max(5*avg(crafting,dbmarket,dbregionmarketavg),30*vendorsell))",
["ignoreLowDuration"] = 0,
["ignoreFactionrealm"] = {
},
["cancelRepostThreshold"] = "1g",
["maxExpires"] = "0",
["priceReset"] = "none",
["ignorePlayer"] = {
},
["cancelRepost"] = true,
["minPrice"] = "check(first(crafting,dbmarket,dbregionmarketavg),max(0.25*avg(crafting,dbmarket,dbregionmarketavg),1.5*vendorsell))",
["undercut"] = "0c",
["duration"] = 2,
},
["My Post"] = {
["aboveMax"] = "maxPrice",
["normalPrice"] = "dbmarket",
["cancelUndercut"] = true,
["keepQuantity"] = "0",
["postCap"] = "3",
["bidPercent"] = 1,
["relationships"] = {
},
["maxPrice"] = "2*dbmarket",
["ignoreLowDuration"] = 0,
["ignoreFactionrealm"] = {
},
["cancelRepostThreshold"] = "1g",
["maxExpires"] = "0",
["priceReset"] = "none",
["ignorePlayer"] = {
["Okkoa - Horde - Stormrage"] = true,
},
["cancelRepost"] = true,
["minPrice"] = "0.8*dbmarket",
["undercut"] = "1c",
["duration"] = 2,
},
},
["Crafting"] = {
["#Default"] = {
["ignoreFactionrealm"] = {
},
["relationships"] = {
},
["minRestock"] = "10",
["ignorePlayer"] = {
},
["minProfit"] = "100g",
["maxRestock"] = "20",
["craftPriceMethod"] = "",
},
},
["Mailing"] = {
["#Default"] = {
["ignoreFactionrealm"] = {
},
["restock"] = false,
["maxQtyEnabled"] = false,
["relationships"] = {
},
["keepQty"] = "0",
["target"] = "",
["restockSources"] = {
["guild"] = false,
["bank"] = false,
},
["ignorePlayer"] = {
},
["maxQty"] = "10",
},
},
["Shopping"] = {
["#Default"] = {
["ignoreFactionrealm"] = {
},
["showAboveMaxPrice"] = true,
["maxPrice"] = "dbmarket",
["restockQuantity"] = "0",
["restockSources"] = {
["alts"] = false,
["auctions"] = false,
["guild"] = false,
["bank"] = false,
},
["relationships"] = {
},
["ignorePlayer"] = {
},
},
},
["Sniper"] = {
["#Default"] = {
["ignoreFactionrealm"] = {
},
["belowPrice"] = "max(vendorsell, 0.5 * DBRegionMarketAvg)",
["relationships"] = {
},
["ignorePlayer"] = {
},
},
},
["Vendoring"] = {
["#Default"] = {
["vsMarketValue"] = "dbmarket",
["ignoreFactionrealm"] = {
},
["enableBuy"] = true,
["vsMaxMarketValue"] = "0c",
["sellAfterExpired"] = "20",
["vsDestroyValue"] = "dbmarket",
["relationships"] = {
},
["ignorePlayer"] = {
},
["restockQty"] = "0",
["keepQty"] = "0",
["vsMaxDestroyValue"] = "0c",
["restockSources"] = {
["alts_ah"] = false,
["ah"] = false,
["guild"] = false,
["alts"] = false,
["mail"] = false,
["bank"] = false,
},
["sellSoulbound"] = false,
["enableSell"] = true,
},
},
["Warehousing"] = {
["#Default"] = {
["stackSize"] = "0",
["ignoreFactionrealm"] = {
},
["moveQuantity"] = "0",
["keepBankQuantity"] = "0",
["relationships"] = {
},
["ignorePlayer"] = {
},
["restockQuantity"] = "0",
["restockKeepBankQuantity"] = "0",
["keepBagQuantity"] = "0",
["restockStackSize"] = "0",
},
},
}`;

/** A TradeSkillMaster.lua as TSM 11.x writes it (two profiles; "Alt" used by one character). */
export function tsmFile(options: TsmFileOptions = {}): Buffer {
  const userItems = options.userItems ?? 3;
  const global = options.globalOperations ?? true;
  const out: string[] = ['', 'TradeSkillMasterDB = {'];
  out.push('["_version"] = 129,', '["_hash"] = 16773843,');
  out.push('["_scopeKeys"] = {\n["profile"] = {\n"Default",\n"Alt",\n},\n["realm"] = {\n"Stormrage",\n},\n["char"] = {\n"Okkoa - Stormrage",\n"Kkbankk - Stormrage",\n},\n["factionrealm"] = {\n"Horde - Stormrage",\n},\n["sync"] = {\n"Okkoa - Horde - Stormrage",\n},\n},');
  out.push('["_currentProfile"] = {\n["Okkoa - Stormrage"] = "Default",\n["Kkbankk - Stormrage"] = "Alt",\n},');
  out.push(`["g@ @coreOptions@globalOperations"] = ${global},`);
  out.push(`["${global ? 'g@ @userData@sharedOperations' : 'p@Default@userData@operations'}"] = ${OPERATIONS},`);
  if (!global) out.push(`["p@Alt@userData@operations"] = ${OPERATIONS},`);
  for (const profile of ['Default', 'Alt']) {
    const groups = [`[""] = ${groupInfo({}, true)},`, `["Mats"] = ${groupInfo({ Auctioning: ['My Post'] }, true)},`, `["Mats\`Herbs"] = ${groupInfo({ Auctioning: ['My Post'] }, false)},`];
    if (options.userGroup) groups.push(`[${q(options.userGroup)}] = ${groupInfo({}, false)},`);
    out.push(`["p@${profile}@userData@groups"] = {\n${groups.join('\n')}\n},`);
    const items = Array.from({ length: profile === 'Default' ? userItems : 1 }, (_, i) => `["i:${190000 + i}"] = "Mats\`Herbs",`);
    if (options.userGroup) items.push(`["i:2589"] = ${q(options.userGroup)},`);
    out.push(`["p@${profile}@userData@items"] = {\n${items.join('\n')}${items.length ? '\n' : ''}},`);
  }
  out.push('["c@Okkoa - Stormrage@internalData@auctionSaleHints"] = {\n["Hochenblume\x01i:191460\x011\x0112000"] = 1700000000,\n},');
  out.push(`["r@Stormrage@internalData@csvSales"] = ${q('itemString,stackSize,quantity,price,otherPlayer,player,time,source\ni:191460,1,20,12000,Buyer,Okkoa,1700000000,Auction')},`);
  out.push('["s@Okkoa - Horde - Stormrage@internalData@money"] = 123456789,');
  out.push('}');
  out.push('TSMItemInfoDB = {');
  const cache = options.cacheBytes ?? 4096;
  const chunks: string[] = [];
  for (let size = 0, id = 1; size < cache; ) {
    const parts: string[] = [];
    for (let n = 0; n < 200; n++, id++) parts.push(`Item ${id}`);
    const chunk = parts.join('\x02');
    chunks.push(`${q(chunk)},`);
    size += chunk.length;
  }
  out.push(`["names"] = {\n${chunks.join('\n')}\n},`);
  out.push('["data"] = "AbCdEfGhIjKlMnOpQrStUvWx",', '["versionStr"] = "14,enUS,11.0.7,58911",', '}', '');
  return Buffer.from(out.join('\n'), 'latin1');
}

/** The plan the default rules give, without a database: `items` items in High Volume, a few in Crafting. */
export function planFixture(options: { root?: string; items?: number; firstItem?: number; postCap?: string } = {}): GroupPlan {
  const root = options.root ?? 'Holocron';
  const n = options.items ?? 3;
  const first = options.firstItem ?? 2589;
  const hv = `${root}\`Flips\`High Volume`;
  const craft = `${root}\`Crafting\`Profitable`;
  const items = Array.from({ length: n }, (_, i) => ({ itemString: `i:${first + i}`, path: i % 5 === 4 ? craft : hv, marketValue: 150000, dailySold: 200, saleRate: 0.5, profit: null, margin: null }));
  const count = (p: string) => items.filter((i) => i.path === p).length;
  return {
    root,
    region: 'us',
    groups: [
      { path: root, operations: { Auctioning: [`${root}: Post`] }, items: 0 },
      { path: `${root}\`Crafting`, operations: { Crafting: [`${root}: Craft`] }, items: 0 },
      { path: craft, operations: {}, items: count(craft) },
      { path: `${root}\`Flips`, operations: { Shopping: [`${root}: Flip Buy`] }, items: 0 },
      { path: hv, operations: { Auctioning: [`${root}: Flip Fast`] }, items: count(hv) },
    ],
    items,
    operations: {
      Auctioning: { [`${root}: Post`]: { postCap: options.postCap ?? '5', undercut: '1c' }, [`${root}: Flip Fast`]: { postCap: '20', duration: 1 } },
      Crafting: { [`${root}: Craft`]: { minProfit: '50g' } },
      Shopping: { [`${root}: Flip Buy`]: { maxPrice: '0.7*dbmarket', showAboveMaxPrice: false } },
    },
  };
}

export interface MarketRow {
  itemId?: number;
  petSpeciesId?: number;
  realm?: number;
  marketValue: number;
  dailySold: number;
  saleRate: number;
}

export interface CraftRow {
  recipeId: number;
  outputItemId: number;
  profit: number;
  margin: number;
  soldPerDay: number;
  outputValue?: number;
}

/** Replaces the analysis views inside the test database with these rows: the criteria are tested on chosen numbers (the views themselves have their own tests). */
export async function fillAnalysis(db: Pick<Database, 'query'>, market: MarketRow[], craft: CraftRow[], region = 'us'): Promise<void> {
  const m = market.map(
    (r) => `(${sql(region)}, ${r.realm ?? 'NULL'}::integer, ${r.itemId ?? 'NULL'}::integer, ${r.petSpeciesId ?? 'NULL'}::integer, ${r.marketValue}::bigint, ${r.marketValue}::bigint, ${r.saleRate}::numeric, ${r.dailySold}::numeric, 0.1::numeric, now())`,
  );
  await db.query(`DROP VIEW goblin.view_market_analysis; CREATE VIEW goblin.view_market_analysis AS
    SELECT * FROM (VALUES ${m.length ? m.join(',') : "(NULL::text, NULL::integer, NULL::integer, NULL::integer, NULL::bigint, NULL::bigint, NULL::numeric, NULL::numeric, NULL::numeric, NULL::timestamptz)"})
      AS v(region, connected_realm_id, item_id, pet_species_id, market_value, historical_value, sale_rate, daily_sold, volatility, last_updated)
    ${m.length ? '' : 'WHERE false'}`);
  const c = craft.map(
    (r) => `(${sql(region)}, ${r.recipeId}, 'Recipe ${r.recipeId}', 171, ${r.outputItemId}, NULL::smallint, ${(r.outputValue ?? r.profit * 2) - r.profit}::bigint, ${r.outputValue ?? r.profit * 2}::bigint, ${r.profit}::bigint, ${r.margin}::numeric, ${r.soldPerDay}::numeric)`,
  );
  await db.query(`DROP VIEW goblin.view_craft_profit; CREATE VIEW goblin.view_craft_profit AS
    SELECT * FROM (VALUES ${c.length ? c.join(',') : "(NULL::text, NULL::integer, NULL::text, NULL::integer, NULL::integer, NULL::smallint, NULL::bigint, NULL::bigint, NULL::bigint, NULL::numeric, NULL::numeric)"})
      AS v(region, recipe_id, recipe_name, profession_id, output_item_id, output_quality, reagent_cost, output_value, profit, margin, sold_per_day)
    ${c.length ? '' : 'WHERE false'}`);
}

function sql(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

const DUMP = `
local function quote(s) return (string.format('%q', s):gsub('\\\\\\n', '\\\\n')) end
local function dump(v)
  if type(v) == 'table' then
    local keys = {}
    for k in pairs(v) do keys[#keys + 1] = k end
    table.sort(keys, function(a, b) return type(a) .. tostring(a) < type(b) .. tostring(b) end)
    local parts = {}
    for _, k in ipairs(keys) do parts[#parts + 1] = '[' .. (type(k) == 'string' and quote(k) or tostring(k)) .. ']=' .. dump(v[k]) end
    return '{' .. table.concat(parts, ',') .. '}'
  elseif type(v) == 'string' then return quote(v) end
  return tostring(v)
end
dofile(arg[1])
assert(type(TradeSkillMasterDB) == 'table', 'TradeSkillMasterDB did not load')
local deep = {}
for i = 2, #arg do deep[arg[i]] = true end
for key, value in pairs(TradeSkillMasterDB) do
  if deep[key] and type(value) == 'table' then
    for k, v in pairs(value) do
      if key:find('perations$') and type(v) == 'table' then
        for name, op in pairs(v) do io.write(key, '\\t', k, '/', name, '\\t', dump(op), '\\n') end
      else
        io.write(key, '\\t', tostring(k), '\\t', dump(v), '\\n')
      end
    end
  else
    io.write(key, '\\t\\t', dump(value), '\\n')
  end
end
io.write('TSMItemInfoDB\\t\\t', dump(TSMItemInfoDB), '\\n')
`;

/** The file as the game loads it (real lua5.1): "key\\tentry" → dump, one level deep for `deepKeys` (operations: module/name). */
export function luaDump(file: string, deepKeys: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of runLuaChunk(DUMP, [file, ...deepKeys]).split('\n')) {
    if (line === '') continue;
    const [key, entry, value] = line.split('\t');
    out.set(`${key}\t${entry}`, value!);
  }
  return out;
}

/** The file's bytes with the named top-level TradeSkillMasterDB fields cut out (found by luaparse, not by our scanner). */
export function withoutFields(bytes: Buffer, keys: string[]): string {
  const text = bytes.toString('latin1');
  const ast = luaparse.parse(text, { luaVersion: '5.1', encodingMode: 'pseudo-latin1', ranges: true, comments: false }) as unknown as {
    body: Array<{ variables: Array<{ name: string }>; init: Array<{ fields: Array<{ key?: { raw: string }; range: [number, number] }> }> }>;
  };
  const db = ast.body.find((s) => s.variables?.[0]?.name === 'TradeSkillMasterDB')!;
  const cut = db.init[0]!.fields.filter((f) => f.key && keys.includes(JSON.parse(f.key.raw) as string)).map((f) => f.range).sort((a, b) => a[0] - b[0]);
  let out = '';
  let at = 0;
  for (const [s, e] of cut) {
    out += text.slice(at, s);
    at = e;
  }
  return out + text.slice(at);
}

export function writeFile(file: string, bytes: Buffer): string {
  fs.writeFileSync(file, bytes);
  return file;
}

/**
 * TSM's load-time sanitizing (tsm-savedvariables.md §2–§4) as checks, in
 * Lua 5.1 on the loaded file: what TSM would drop or repair of a profile's
 * groups, items and operations. Prints one line per violation.
 */
const SANITY = `
dofile(arg[1])
local db, profile, opsKey = TradeSkillMasterDB, arg[2], arg[3]
local groups = db['p@' .. profile .. '@userData@groups']
local items = db['p@' .. profile .. '@userData@items']
local ops = db[opsKey]
local MAX = { Auctioning = 20, Mailing = 50, Warehousing = 12, Crafting = 1, Shopping = 1, Sniper = 1, Vendoring = 1 }
local function say(...) io.write(table.concat({ ... }, ' '), '\\n') end
for path, info in pairs(groups) do
  if type(path) ~= 'string' or path:find('\`\`', 1, true) then say('bad path', tostring(path)) end
  local parent = path:match('^(.*)\`[^\`]*$') or (path ~= '' and '' or nil)
  if parent and not groups[parent] then say('no parent for', path) end
  for module, list in pairs(info) do
    if not MAX[module] or type(list) ~= 'table' then say('unknown module', path, tostring(module)) end
    if MAX[module] then
      if #list > MAX[module] then say('too many', module, path) end
      for k, v in pairs(list) do
        if k == 'override' then
          if v ~= true then say('override not true', path, module) end
        elseif type(k) ~= 'number' or k < 1 or k > #list or type(v) ~= 'string' or v == '' then
          say('bad list entry', path, module, tostring(k))
        elseif not (ops[module] and ops[module][v]) then
          say('missing operation', module, v, 'in', path)
        end
      end
    end
  end
  for module in pairs(MAX) do if not info[module] then say('module list missing', path, module) end end
end
for item, path in pairs(items) do
  if path == '' or not groups[path] then say('item in missing group', item, tostring(path)) end
  if not (item:match('^i:%d+$') or item:match('^p:%d+$') or item:match('^i:%d+::[+-i]%d+$') or item:match('^i:%d+[:%d]*$') or item:match('^p:%d+:%d+:%d+$')) then say('bad item string', item) end
end
for module, named in pairs(ops) do
  local default = named['#Default']
  for name, op in pairs(named) do
    if type(name) ~= 'string' or name == '' or name:match('^%s') or name:match('%s$') then say('bad operation name', tostring(name)) end
    if default then
      for field, value in pairs(op) do
        if default[field] == nil then say('unknown field', module, name, field)
        elseif type(default[field]) ~= type(value) and not (type(default[field]) == 'string' and type(value) == 'number') then say('type', module, name, field) end
      end
      for field in pairs(default) do if op[field] == nil then say('missing field', module, name, field) end end
    end
  end
end
`;

/** What TSM would drop or repair in `profile`'s groups, items and operations (empty: TSM keeps it all). */
export function tsmSanityProblems(file: string, profile: string, opsKey: string): string[] {
  return runLuaChunk(SANITY, [file, profile, opsKey]).split('\n').filter((l) => l !== '');
}
