import type { RosterTab } from '../../core/dashboard/types.js';
import { ROSTER_COLUMNS, rosterDetail } from '../../output/dashboard-format.js';
import { missingHead, section, type TabLayout } from './layout.js';

/** Character | ilvl | vault | knowledge points. */
export function rosterLayout(r: RosterTab): TabLayout {
  return {
    head: missingHead(r.missing),
    sections: [section({ title: 'Characters', columns: ROSTER_COLUMNS, rows: r.characters, detail: rosterDetail, empty: 'no characters seen' })],
  };
}
