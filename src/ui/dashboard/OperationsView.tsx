import type { OperationsTab } from '../../core/dashboard/types.js';
import { JOB_COLUMNS, jobDetail, operationsLines } from '../../output/dashboard-format.js';
import { missingHead, section, type TabLayout } from './layout.js';

/** The logistics jobs, with what a liquidation and a restock would do now. */
export function operationsLayout(o: OperationsTab): TabLayout {
  return {
    head: [
      ...missingHead(o.missing),
      ...operationsLines(o).map((text) => ({ text })),
      { text: 'Where is my [item]? press / to search', tone: 'dim' },
    ],
    sections: [section({ title: 'Jobs', columns: JOB_COLUMNS, rows: o.jobs, detail: jobDetail, empty: 'no jobs: p plans a liquidation, r a restock' })],
  };
}
