/**
 * Charts through uPlot (~50 KB, canvas, fast with thousands of points): the
 * gold velocity over days and a sparkline per mover. Amounts arrive in copper
 * and are drawn in gold.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { gold } from './format.js';
import { h } from './dom.js';

const toSeconds = (day: string): number => Date.parse(`${day.slice(0, 10)}T00:00:00Z`) / 1000;
const inGold = (copper: number): number => copper / 10000;
const live = new Set<uPlot>();

/** Charts of a tab that is no longer shown are freed (and stop listening for resizes). */
export function disposeCharts(): void {
  for (const chart of live) chart.destroy();
  live.clear();
}

function widthOf(box: HTMLElement): number {
  return Math.max(200, Math.floor(box.getBoundingClientRect().width) - 2);
}

export function velocityChart(days: Array<{ day: string; goldIn: number; goldOut: number; net: number }>): HTMLElement {
  const box = h('div', { class: 'chart', role: 'img', 'aria-label': 'gold in, out and net per day' });
  const data: uPlot.AlignedData = [
    days.map((d) => toSeconds(d.day)),
    days.map((d) => inGold(d.goldIn)),
    days.map((d) => -inGold(d.goldOut)),
    days.map((d) => inGold(d.net)),
  ];
  const value = (_u: uPlot, v: number | null) => (v === null ? '—' : gold(Math.round(v * 10000)));
  // Drawn once the box is in the page and has a width.
  requestAnimationFrame(() => {
    const chart = new uPlot(
      {
        width: widthOf(box),
        height: 220,
        series: [
          {},
          { label: 'in', stroke: '#3fb950', fill: 'rgba(63,185,80,0.15)', points: { show: false }, value },
          { label: 'out', stroke: '#f85149', fill: 'rgba(248,81,73,0.12)', points: { show: false }, value },
          { label: 'net', stroke: '#d4a72c', width: 2, points: { show: false }, value },
        ],
        axes: [{ stroke: '#8b949e', grid: { stroke: '#30363d' } }, { stroke: '#8b949e', grid: { stroke: '#30363d' }, size: 60, values: (_u, ticks) => ticks.map((t) => `${Math.round(t).toLocaleString('en-US')}g`) }],
        legend: { live: true },
        // Thirty days read as a line; a dot on each only adds noise on a phone.
        cursor: { points: { size: 6 } },
      },
      data,
      box,
    );
    live.add(chart);
  });
  return box;
}

export function sparkline(history: Array<{ day: string; value: number }>): HTMLElement {
  const box = h('div', { class: 'spark', role: 'img', 'aria-label': 'price over the last days' });
  if (history.length < 2) return box;
  const data: uPlot.AlignedData = [history.map((p) => toSeconds(p.day)), history.map((p) => inGold(p.value))];
  const rising = history[history.length - 1]!.value >= history[0]!.value;
  requestAnimationFrame(() => {
    const chart = new uPlot(
      {
        width: 120,
        height: 32,
        cursor: { show: false },
        legend: { show: false },
        scales: { x: { time: true } },
        axes: [{ show: false }, { show: false }],
        series: [{}, { stroke: rising ? '#3fb950' : '#f85149', width: 1.5 }],
      },
      data,
      box,
    );
    live.add(chart);
  });
  return box;
}

let resizeTimer: number | undefined;
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = window.setTimeout(() => {
    for (const chart of live) {
      const box = chart.root.parentElement;
      if (box?.classList.contains('chart')) chart.setSize({ width: widthOf(box), height: 220 });
    }
  }, 100);
});
