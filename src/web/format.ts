import { formatGold } from '../core/money.js';

export const gold = (copper: number | null | undefined): string => (copper === null || copper === undefined ? '—' : formatGold(copper));

export const count = (n: number | null | undefined, digits = 0): string =>
  n === null || n === undefined ? '—' : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });

export const percent = (ratio: number | null | undefined): string => (ratio === null || ratio === undefined ? '—' : `${ratio >= 0 ? '+' : ''}${(ratio * 100).toFixed(1)}%`);

/** "3 h ago", "never": freshness at a glance. */
export function ago(iso: string | null, now = Date.now()): string {
  if (!iso) return 'never';
  const s = Math.max(0, (now - Date.parse(iso)) / 1000);
  if (s < 90) return 'just now';
  if (s < 5400) return `${Math.round(s / 60)} min ago`;
  if (s < 36 * 3600) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} d ago`;
}
