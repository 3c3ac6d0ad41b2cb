import type { JobView, OperationsTab } from '../../core/dashboard/types.js';
import { act } from '../api.js';
import { h, section, table } from '../dom.js';
import { count } from '../format.js';
import { searchBox } from '../search.js';
import { missingList, type ViewContext } from './context.js';

export function operationsView(data: OperationsTab, ctx: ViewContext): HTMLElement[] {
  const open = data.jobs.filter((j) => j.status === 'open');
  const out = [
    section('Where is my …?', searchBox((e) => ctx.error(e))),
    section(
      `Jobs (${open.length} open)`,
      table(
        data.jobs,
        [
          { label: 'Job', cell: (j) => h('span', null, h('strong', null, `#${j.id} ${j.kind}`), j.reason ? h('small', null, ` ${j.reason}`) : null) },
          { label: 'Item', cell: (j) => `${count(j.count)} × ${j.itemName ?? `item ${j.itemId}`}` },
          { label: 'From → to', cell: (j) => `${j.from}${j.to ? ` → ${j.to}` : ''}` },
          { label: 'Status', cell: (j) => (j.status === 'open' ? jobButtons(j, ctx) : h('span', { class: 'muted' }, j.status)) },
        ],
        'No jobs. Plan some with liquidate or restock below.',
      ),
    ),
    section(
      'Liquidate',
      h('p', { class: 'facts' }, `${count(data.queued.liquidation)} liquidation moves queued${data.auctionAlt ? `; the auction alt is ${data.auctionAlt}` : ''}. A plan shows what to sell now before anything is queued.`),
      h('button', { type: 'button', onclick: () => void liquidate(ctx) }, 'Plan liquidation…'),
    ),
    section(
      'Restock',
      h('p', { class: 'facts' }, `${count(data.queued.restock)} restock moves queued${data.queued.other ? `, ${count(data.queued.other)} other` : ''}.`),
      h('button', { type: 'button', onclick: () => void restock(ctx) }, 'Restock manifest…'),
    ),
    missingList(data.missing),
  ];
  return out.filter((el): el is HTMLElement => el !== null);
}

function jobButtons(job: JobView, ctx: ViewContext): HTMLElement {
  const run = async (action: 'job-done' | 'job-cancel') => {
    try {
      ctx.status((await act({ action, ids: [job.id] })).summary);
      await ctx.refresh();
    } catch (error) {
      ctx.error(error);
    }
  };
  return h(
    'span',
    { class: 'buttons' },
    h('button', { type: 'button', class: 'small', 'data-job': job.id, 'data-act': 'done', onclick: () => void run('job-done') }, 'Done'),
    h('button', { type: 'button', class: 'small secondary', 'data-job': job.id, 'data-act': 'cancel', onclick: () => void run('job-cancel') }, 'Cancel'),
  );
}

async function liquidate(ctx: ViewContext): Promise<void> {
  try {
    const plan = await act({ action: 'liquidate-plan' });
    if (!(await ctx.dialog(plan.summary, plan.lines, 'Apply this plan'))) return;
    ctx.status((await act({ action: 'liquidate-apply' })).summary);
    await ctx.refresh();
  } catch (error) {
    ctx.error(error);
  }
}

async function restock(ctx: ViewContext): Promise<void> {
  try {
    const manifest = await act({ action: 'restock-manifest', apply: false });
    if (!(await ctx.dialog(manifest.summary, manifest.lines, 'Create these jobs'))) return;
    ctx.status((await act({ action: 'restock-manifest', apply: true })).summary);
    await ctx.refresh();
  } catch (error) {
    ctx.error(error);
  }
}
