/**
 * TradeSkillMaster.lua files with accounting, written the way TSM writes
 * them: a flat TradeSkillMasterDB of `r@<Realm>@internalData@csv…` strings
 * (header line, rows joined by an escaped \n), tab-indented, CRLF, plus a
 * few settings and an item cache the ledger must skip.
 */
export type CsvKey = 'csvSales' | 'csvBuys' | 'csvIncome' | 'csvExpense' | 'csvExpired' | 'csvCancelled';

export const HEADERS: Record<CsvKey, string> = {
  csvSales: 'itemString,stackSize,quantity,price,otherPlayer,player,time,source',
  csvBuys: 'itemString,stackSize,quantity,price,otherPlayer,player,time,source',
  csvIncome: 'type,amount,otherPlayer,player,time',
  csvExpense: 'type,amount,otherPlayer,player,time',
  csvExpired: 'itemString,stackSize,quantity,player,time',
  csvCancelled: 'itemString,stackSize,quantity,player,time',
};

/** Rows as CSV lines (without header) per realm and key. */
export type AccountingLines = Record<string, Partial<Record<CsvKey, string[]>>>;

function luaString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

export function tsmFile(accounting: AccountingLines, options: { crlf?: boolean } = {}): string {
  const entries: string[] = [
    `\t["_version"] = 119,`,
    `\t["_hash"] = 13957104,`,
    `\t["p@Default@userData@groups"] = {\n\t\t[""] = {\n\t\t\t["Auctioning"] = {\n\t\t\t\t"#Default", -- [1]\n\t\t\t\t["override"] = true,\n\t\t\t},\n\t\t},\n\t},`,
    `\t["_lastModifiedVersion"] = {\n\t\t["r@internalData@csvSales"] = 10,\n\t},`,
  ];
  for (const [realm, keys] of Object.entries(accounting)) {
    for (const [key, lines] of Object.entries(keys) as Array<[CsvKey, string[]]>) {
      entries.push(`\t["r@${realm}@internalData@${key}"] = ${luaString([HEADERS[key], ...lines].join('\n'))},`);
    }
  }
  const text = ['', 'TradeSkillMasterDB = {', ...entries, '}', 'TSMItemInfoDB = {', '\t["names"] = {', '\t\t"Hearthstone\u0002Linen Cloth", -- [1]', '\t},', '}', ''].join('\n');
  return options.crlf === false ? text : text.replace(/\n/g, '\r\n');
}

/** A deterministic generator (mulberry32) so benchmarks and tests see the same rows every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CHARACTERS = ['Ziadwan', 'Lynndaw', 'Goldy', 'Bankalt'];
const PLAYERS = ['Merchant', 'Buyerone', 'Sellertwo', 'Traderthree'];
const SOURCES = ['Auction', 'Auction', 'Auction', 'Vendor', 'COD', 'Trade'];

/**
 * `total` rows spread over the six kinds of one realm (sales most), one
 * every ~30 s ending at `endTime`; item strings of every form TSM writes.
 */
export function generateAccounting(total: number, options: { realm?: string; endTime?: number; seed?: number } = {}): AccountingLines {
  const rnd = random(options.seed ?? 1);
  const end = options.endTime ?? 1_764_633_600;
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
  const item = () => {
    const r = rnd();
    const id = 2000 + Math.floor(rnd() * 200_000);
    if (r < 0.6) return `i:${id}`;
    if (r < 0.8) return `i:${id}::1:${9000 + Math.floor(rnd() * 500)}:1:9:${1 + Math.floor(rnd() * 70)}`;
    if (r < 0.9) return `i:${id}::i${400 + Math.floor(rnd() * 300)}`;
    return `p:${100 + Math.floor(rnd() * 4000)}:25:3`;
  };
  const keys: Partial<Record<CsvKey, string[]>> = { csvSales: [], csvBuys: [], csvIncome: [], csvExpense: [], csvExpired: [], csvCancelled: [] };
  for (let k = 0; k < total; k++) {
    const time = end - (total - k) * 30;
    const r = rnd();
    const who = pick(CHARACTERS);
    const stack = 1 + Math.floor(rnd() * 20);
    const qty = stack * (1 + Math.floor(rnd() * 3));
    const price = 1 + Math.floor(rnd() * 5_000_000);
    if (r < 0.55) keys.csvSales!.push(`${item()},${stack},${qty},${price},${pick(PLAYERS)},${who},${time},${pick(SOURCES)}`);
    else if (r < 0.75) keys.csvBuys!.push(`${item()},${stack},${qty},${price},${pick(PLAYERS)},${who},${time},${pick(SOURCES)}`);
    else if (r < 0.8) keys.csvIncome!.push(`Money Transfer,${price},${pick(CHARACTERS)},${who},${time}`);
    else if (r < 0.85) keys.csvExpense!.push(`${pick(['Postage', 'Repair Bill', 'Money Transfer'])},${price},Merchant,${who},${time}`);
    else if (r < 0.95) keys.csvExpired!.push(`${item()},${stack},${qty},${who},${time}`);
    else keys.csvCancelled!.push(`${item()},${stack},${qty},${who},${time}`);
  }
  return { [options.realm ?? 'Azshara']: keys };
}
