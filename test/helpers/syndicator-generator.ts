import { rng } from './auction-generator.js';

/**
 * Syndicator-shaped SavedVariables (11.2 client style: no indentation, no
 * comments, `|cnIQ<q>:` colour codes) for tests and benchmarks: characters with
 * full bags, bank tabs, equipped gear, mail and auctions, a warband bank and
 * guild banks. Deterministic for a seed.
 */
export interface SyndicatorOptions {
  characters: number;
  seed?: number;
  guilds?: number;
  /** Guild names are "<guildPrefix> <n>" (default "Guild"); guilds are shared across accounts by name, so distinct accounts need distinct prefixes. */
  guildPrefix?: string;
  /** Occupied share of bag and bank slots. */
  fill?: number;
  /** Extra currencies per character (the real files carry hundreds). */
  currencies?: number;
  /** Bank tabs per character (retail has 6; more makes bigger files for benchmarks). */
  bankTabs?: number;
  /** Mail and void-storage entries per character. */
  mail?: number;
  void?: number;
  realm?: string;
  /** Last update, epoch seconds (Syndicator has none per character; used for mail expiry). */
  now?: number;
}

export interface GeneratedItem {
  itemID: number;
  name: string;
  quality: number;
  stackable: boolean;
}

export const ITEM_POOL: GeneratedItem[] = [
  { itemID: 6948, name: 'Hearthstone', quality: 1, stackable: false },
  { itemID: 19019, name: 'Thunderfury, Blessed Blade of the Windseeker', quality: 5, stackable: false },
  { itemID: 17182, name: 'Sulfuras, Hand of Ragnaros', quality: 5, stackable: false },
  { itemID: 210796, name: 'Mycobloom', quality: 1, stackable: true },
  { itemID: 210930, name: 'Bismuth', quality: 1, stackable: true },
  { itemID: 212664, name: 'Algari Healing Potion', quality: 1, stackable: true },
  { itemID: 224828, name: 'Weavercloth', quality: 1, stackable: true },
  { itemID: 82800, name: 'Pet Cage', quality: 3, stackable: false },
];

const NAMES = ['Thrall', 'Jaina', 'Anduin', 'Sylvanas', 'Varian', 'Tyrande', 'Malfurion', 'Illidan', 'Garrosh', 'Baine', 'Vol\u2019jin', 'Bæenjoyer', 'Mòòng'];

export function generateSyndicatorFile(options: SyndicatorOptions): Buffer {
  const random = rng(options.seed ?? 7);
  const fill = options.fill ?? 0.9;
  const realm = options.realm ?? 'TwistingNether';
  const now = options.now ?? 1_763_700_000;
  const out: string[] = ['', 'SYNDICATOR_CONFIG = {', '["show_tooltips_on_shift"] = false,', '}', 'SYNDICATOR_DATA = {', '["Characters"] = {'];
  const pool = [...ITEM_POOL];
  for (let i = 0; i < 400; i++) {
    pool.push({ itemID: 150_000 + i * 37, name: `Generated Item ${i}`, quality: 1 + (i % 5), stackable: i % 3 === 0 });
  }
  const item = () => pool[Math.floor(random() * pool.length)]!;
  const entry = (extra = ''): string => {
    const it = item();
    const count = it.stackable ? 1 + Math.floor(random() * 200) : 1;
    const bonusIds = [10371, 10355, 10200 + Math.floor(random() * 90), 1527].slice(0, 2 + Math.floor(random() * 3));
    const bonus = it.stackable ? '' : `:${bonusIds.length}:${bonusIds.join(':')}:1:28:2462`;
    const link =
      it.itemID === 82800
        ? `|cnIQ3:|Hbattlepet:${100 + Math.floor(random() * 50)}:25:3:1546:276:260:BattlePet-0-0000${Math.floor(random() * 1e8).toString(16).toUpperCase().padStart(8, '0')}|h[Species]|h|r`
        : `|cnIQ${it.quality}:|Hitem:${it.itemID}::::::::80:254::13${bonus}:::::|h[${it.name}]|h|r`;
    return `{\n["itemCount"] = ${count},\n["itemID"] = ${it.itemID},\n["isBound"] = ${it.stackable ? 'false' : 'true'},\n["iconTexture"] = ${4_000_000 + Math.floor(random() * 900_000)},\n["itemLink"] = "${link}",\n["quality"] = ${it.quality},${extra}\n},`;
  };
  const slots = (n: number, extra?: () => string) => {
    const lines: string[] = [];
    for (let s = 0; s < n; s++) lines.push(random() < fill ? entry(extra?.()) : '{\n},');
    return lines.join('\n');
  };
  const guildCount = options.guilds ?? Math.max(1, Math.round(options.characters / 10));
  const guild = (g: number) => `${options.guildPrefix ?? 'Guild'} ${g}`;
  for (let c = 0; c < options.characters; c++) {
    const name = `${NAMES[c % NAMES.length]}${c >= NAMES.length ? String.fromCharCode(97 + Math.floor(c / NAMES.length)) : ''}`;
    out.push(`["${name}-${realm}"] = {`);
    out.push('["details"] = {', `["character"] = "${name}",`, `["realm"] = "Twisting Nether",`, `["realmNormalized"] = "${realm}",`, `["class"] = ${1 + (c % 13)},`, '["className"] = "HUNTER",', '["race"] = "NightElf",', `["faction"] = "${c % 2 ? 'Horde' : 'Alliance'}",`, `["guild"] = "${guild(c % guildCount)}-${realm}",`, '["show"] = {\n["inventory"] = true,\n["gold"] = true,\n},', '},');
    out.push(`["money"] = ${Math.floor(random() * 1e10)},`);
    out.push('["bags"] = {');
    for (const size of [20, 36, 36, 36, 36, 38]) out.push(`{\n${slots(size)}\n},`);
    out.push('},', '["bank"] = {\n},', '["bankTabs"] = {');
    for (let t = 1; t <= (options.bankTabs ?? 6); t++) out.push(`{\n["slots"] = {\n${slots(98)}\n},\n["name"] = "Tab ${t}",\n["iconTexture"] = 134400,\n["depositFlags"] = 0,\n},`);
    out.push('},', '["equipped"] = {', '{\n},');
    for (let s = 1; s < 19; s++) out.push(entry());
    out.push('},', '["mail"] = {', slots(10, () => `\n["expirationTime"] = ${now + Math.floor(random() * 30 * 86400)},`), '},');
    out.push('["auctions"] = {', slots(8, () => `\n["expirationTime"] = ${now + Math.floor(random() * 2 * 86400)},\n["auctionID"] = ${1_370_000_000 + Math.floor(random() * 1e7)},`), '},');
    out.push('["void"] = {', slots(options.void ?? 0), '},');
    out.push('["currencies"] = {');
    for (let k = 0; k < (options.currencies ?? 300); k++) out.push(`[${k * 3 + 1}] = ${Math.floor(random() * 5000)},`);
    out.push('},', '},');
  }
  out.push('},', '["Guilds"] = {');
  for (let g = 0; g < guildCount; g++) {
    out.push(`["${guild(g)}-${realm}"] = {`, `["money"] = ${Math.floor(random() * 1e11)},`, '["details"] = {', `["guild"] = "${guild(g)}",`, `["realm"] = "Twisting Nether",`, '["faction"] = "Alliance",', '["visited"] = true,', '},', '["bank"] = {');
    for (let t = 1; t <= 8; t++) out.push(`{\n["slots"] = {\n${slots(98)}\n},\n["name"] = "Guild Tab ${t}",\n["isViewable"] = true,\n},`);
    out.push('},', '},');
  }
  out.push('},', '["Warband"] = {', '{', `["money"] = ${Math.floor(random() * 1e11)},`, '["bank"] = {');
  for (let t = 1; t <= 5; t++) out.push(`{\n["slots"] = {\n${slots(98)}\n},\n["name"] = "Warband Tab ${t}",\n["iconTexture"] = 134400,\n},`);
  out.push('},', '},', '},', '["Version"] = 2,', '}', 'SYNDICATOR_SUMMARIES = {', '["Version"] = 5,', '}', '');
  return Buffer.from(out.join('\n'));
}
