import type { HomeTab } from '../../core/dashboard/types.js';
import { ALERT_COLUMNS, alertDetail, freshnessLine, homeTotalsLines } from '../../output/dashboard-format.js';
import { missingHead, section, type TabLayout } from './layout.js';

/** Alerts to act on, the account's totals, and how fresh each source is. */
export function homeLayout(h: HomeTab): TabLayout {
  return {
    head: [
      ...missingHead(h.missing),
      ...homeTotalsLines(h).map((text) => ({ text })),
      ...(h.freshness.length ? [{ text: `data as of ${freshnessLine(h)}`, tone: 'dim' as const }] : []),
    ],
    sections: [section({ title: 'Alerts', columns: ALERT_COLUMNS, rows: h.alerts, detail: alertDetail, empty: 'nothing needs you right now' })],
  };
}
