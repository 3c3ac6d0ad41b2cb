/**
 * Charts through uPlot (canvas, fast with thousands of points): the gold
 * velocity over days and a sparkline per mover. The views get their boxes at
 * once; uPlot (plot.ts, most of the page's script) is fetched the first time
 * a chart is drawn, so the other tabs never load it.
 */
import { h } from './dom.js';

interface Drawn {
  destroy(): void;
  setSize(size: { width: number; height: number }): void;
  root: HTMLElement;
}

let plot: Promise<typeof import('./plot.js')> | undefined;
const live = new Set<Drawn>();
// Bumped by disposeCharts: a draw that lands after its tab was left is dropped.
let generation = 0;

function draw(box: HTMLElement, make: (p: typeof import('./plot.js')) => Drawn): void {
  const mine = generation;
  plot ??= import('./plot.js');
  // Drawn once the box is in the page and has a width.
  void plot.then((p) =>
    requestAnimationFrame(() => {
      if (mine === generation && box.isConnected) live.add(make(p));
    }),
  );
}

/** Charts of a tab that is no longer shown are freed. */
export function disposeCharts(): void {
  generation++;
  for (const chart of live) chart.destroy();
  live.clear();
}

export function velocityChart(days: Array<{ day: string; goldIn: number; goldOut: number; net: number }>): HTMLElement {
  const box = h('div', { class: 'chart', role: 'img', 'aria-label': 'gold in, out and net per day' });
  draw(box, (p) => p.drawVelocity(box, days));
  return box;
}

export function sparkline(history: Array<{ day: string; value: number }>): HTMLElement {
  const box = h('div', { class: 'spark', role: 'img', 'aria-label': 'price over the last days' });
  if (history.length >= 2) draw(box, (p) => p.drawSparkline(box, history));
  return box;
}

let resizeTimer: number | undefined;
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = window.setTimeout(() => {
    for (const chart of live) {
      const box = chart.root.parentElement;
      if (box?.classList.contains('chart')) chart.setSize({ width: Math.max(200, Math.floor(box.getBoundingClientRect().width) - 2), height: 220 });
    }
  }, 100);
});
