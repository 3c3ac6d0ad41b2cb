/** Copper as players read it: "12g 34s 56c"; large sums in whole gold with separators. */
export function formatGold(copper: number): string {
  const sign = copper < 0 ? '-' : '';
  const abs = Math.abs(Math.round(copper));
  const gold = Math.floor(abs / 10000);
  if (gold >= 1000) return `${sign}${String(gold).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}g`;
  const silver = Math.floor((abs % 10000) / 100);
  const rest = abs % 100;
  return sign + (gold > 0 ? `${gold}g ${silver}s ${rest}c` : silver > 0 ? `${silver}s ${rest}c` : `${rest}c`);
}
