/**
 * uPlot itself, loaded on demand (charts.ts): most of the bundle's weight,
 * wanted only by the Market tab. Amounts arrive in copper and are drawn in gold.
 */
import uPlot from 'uplot';
import { gold } from './format.js';

const toSeconds = (day: string): number => Date.parse(`${day.slice(0, 10)}T00:00:00Z`) / 1000;
const inGold = (copper: number): number => copper / 10000;

export function widthOf(box: HTMLElement): number {
  return Math.max(200, Math.floor(box.getBoundingClientRect().width) - 2);
}

export function drawVelocity(box: HTMLElement, days: Array<{ day: string; goldIn: number; goldOut: number; net: number }>): uPlot {
  const data: uPlot.AlignedData = [
    days.map((d) => toSeconds(d.day)),
    days.map((d) => inGold(d.goldIn)),
    days.map((d) => -inGold(d.goldOut)),
    days.map((d) => inGold(d.net)),
  ];
  const value = (_u: uPlot, v: number | null) => (v === null ? '—' : gold(Math.round(v * 10000)));
  return new uPlot(
    {
      width: widthOf(box),
      height: 220,
      series: [
        {},
        // Thirty days read as a line; a dot on each only adds noise on a phone.
        { label: 'in', stroke: '#3fb950', fill: 'rgba(63,185,80,0.15)', points: { show: false }, value },
        { label: 'out', stroke: '#f85149', fill: 'rgba(248,81,73,0.12)', points: { show: false }, value },
        { label: 'net', stroke: '#d4a72c', width: 2, points: { show: false }, value },
      ],
      axes: [{ stroke: '#8b949e', grid: { stroke: '#30363d' } }, { stroke: '#8b949e', grid: { stroke: '#30363d' },
          // As wide as the longest label ("-10,000g"): a fixed width cut the first digits off.
          size: (_u, labels) => 16 + 7 * Math.max(4, ...(labels ?? []).map((l) => String(l).length)),
          values: (_u, ticks) => ticks.map((t) => `${Math.round(t).toLocaleString('en-US')}g`) }],
      legend: { live: true },
      cursor: { points: { size: 6 } },
    },
    data,
    box,
  );
}

export function drawSparkline(box: HTMLElement, history: Array<{ day: string; value: number }>): uPlot {
  const data: uPlot.AlignedData = [history.map((p) => toSeconds(p.day)), history.map((p) => inGold(p.value))];
  const rising = history[history.length - 1]!.value >= history[0]!.value;
  return new uPlot(
    {
      width: 120,
      height: 32,
      cursor: { show: false },
      legend: { show: false },
      scales: { x: { time: true } },
      axes: [{ show: false }, { show: false }],
      series: [{}, { stroke: rising ? '#3fb950' : '#f85149', width: 1.5, points: { show: false } }],
    },
    data,
    box,
  );
}
