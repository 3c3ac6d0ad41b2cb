/**
 * npx tsx scripts/screenshots.ts [--out docs/screenshots] — the README's
 * pictures of both faces, taken from `holocron demo`'s sample account (built
 * in a throwaway HOLOCRON_HOME): the web page in headless Chromium (desktop
 * Home and Market, phone Market), and the terminal app in a 100×30 tmux
 * window, its colours rendered to PNG through the same Chromium. Needs a
 * build (npm run build), chromium and tmux.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { findChromium, launchChromium, pngStats } from '../test/helpers/chromium.js';
import { startServe } from '../test/helpers/serve-process.js';
import { TmuxWindow } from '../test/helpers/tmux.js';
import { BIN } from '../test/helpers/cli.js';

const { values } = parseArgs({ options: { out: { type: 'string', default: 'docs/screenshots' } } });
const out = path.resolve(values.out!);
const chromium = findChromium();
if (!chromium) throw new Error('chromium is needed (apt-get install chromium)');
fs.mkdirSync(out, { recursive: true });

const home = fs.mkdtempSync(path.join(os.tmpdir(), 'holocron-shots-'));
const env = { HOLOCRON_HOME: home, PATH: process.env.PATH ?? '/usr/bin:/bin' };
const demo = spawnSync(process.execPath, [BIN, 'demo', '--no-dashboard'], { env, encoding: 'utf8' });
if (demo.status !== 0) throw new Error(`holocron demo exited ${demo.status}: ${demo.stderr}`);
const demoEnv = { ...env, HOLOCRON_HOME: path.join(home, 'demo') };
const TOKEN = 'screenshots-token-0123456789abcdef';

const browser = await launchChromium(chromium);
const shot = async (file: string, width: number, height: number, go: (page: import('playwright-core').Page) => Promise<void>) => {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  await go(page);
  await page.screenshot({ path: path.join(out, file) });
  await context.close();
  const { colours } = pngStats(fs.readFileSync(path.join(out, file)));
  if (colours < 20) throw new Error(`${file} looks blank (${colours} colours)`);
  process.stderr.write(`wrote ${path.join(out, file)}\n`);
};

try {
  const serve = await startServe([], { ...demoEnv, HOLOCRON_TOKEN: TOKEN });
  try {
    const url = `http://127.0.0.1:${serve.port}/`;
    const open = (tab: string) => async (page: import('playwright-core').Page) => {
      await page.addInitScript(`localStorage.setItem('holocron.token', ${JSON.stringify(TOKEN)})`);
      await page.goto(`${url}#${tab}`);
      await page.waitForSelector(`main[data-rendered="${tab}"]`, { timeout: 15_000 });
      if (tab === 'market') await page.waitForSelector('.chart canvas', { timeout: 15_000 });
      await page.waitForTimeout(500);
    };
    await shot('dashboard-web-home.png', 1280, 800, open('home'));
    await shot('dashboard-web-market.png', 1280, 800, open('market'));
    await shot('dashboard-web-phone.png', 375, 740, open('market'));
  } finally {
    serve.child.kill('SIGTERM');
    await serve.exited;
  }

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'holocron-shots-tmux-'));
  const window = TmuxWindow.start(dir, [process.execPath, BIN, 'dashboard'], { ...demoEnv, TERM: 'xterm-256color', LANG: 'C.UTF-8' }, { columns: 100, rows: 30 });
  try {
    const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
    for (let look = 0; look < 100 && !window.capture().join('\n').includes('as of'); look++) await wait(100);
    await wait(1500);
    for (const [key, name] of [['1', 'home'], ['2', 'market']] as const) {
      window.keys(key);
      await wait(1500);
      const html = ansiPage(window.captureAnsi());
      await shot(`dashboard-terminal-${name}.png`, 100 * 9 + 32, 30 * 18 + 32, (page) => page.setContent(html));
    }
    window.keys('q');
  } finally {
    window.kill();
  }
} finally {
  await browser.close();
  spawnSync(process.execPath, [BIN, 'db', 'stop'], { env: demoEnv });
  fs.rmSync(home, { recursive: true, force: true });
}

/** A terminal capture (SGR colours) as a page: one <pre>, 9×18 px cells, xterm's palette. */
function ansiPage(ansi: string): string {
  const palette = ['#1e1e1e', '#cd3131', '#0dbc79', '#e5e510', '#2472c8', '#bc3fbc', '#11a8cd', '#e5e5e5', '#666666', '#f14c4c', '#23d18b', '#f5f543', '#3b8eea', '#d670d6', '#29b8db', '#ffffff'];
  const xterm = (n: number) => {
    if (n < 16) return palette[n]!;
    if (n >= 232) return `rgb(${8 + (n - 232) * 10},${8 + (n - 232) * 10},${8 + (n - 232) * 10})`;
    const c = n - 16;
    const v = (x: number) => (x === 0 ? 0 : 55 + x * 40);
    return `rgb(${v(Math.floor(c / 36))},${v(Math.floor(c / 6) % 6)},${v(c % 6)})`;
  };
  let style = { fg: '', bg: '', bold: false, dim: false, inverse: false };
  let html = '';
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  for (const part of ansi.split(/(\u001b\[[0-9;]*m)/)) {
    const sgr = /^\u001b\[([0-9;]*)m$/.exec(part);
    if (!sgr) {
      if (!part) continue;
      const [fg, bg] = style.inverse ? [style.bg || '#1e1e1e', style.fg || '#e5e5e5'] : [style.fg, style.bg];
      const css = `${fg ? `color:${fg};` : ''}${bg ? `background:${bg};` : ''}${style.bold ? 'font-weight:bold;' : ''}${style.dim ? 'opacity:.6;' : ''}`;
      html += css ? `<span style="${css}">${escape(part)}</span>` : escape(part);
      continue;
    }
    const codes = (sgr[1] || '0').split(';').map(Number);
    for (let i = 0; i < codes.length; i++) {
      const c = codes[i]!;
      if (c === 0) style = { fg: '', bg: '', bold: false, dim: false, inverse: false };
      else if (c === 1) style.bold = true;
      else if (c === 2) style.dim = true;
      else if (c === 7) style.inverse = true;
      else if (c === 22) style = { ...style, bold: false, dim: false };
      else if (c === 27) style.inverse = false;
      else if (c >= 30 && c <= 37) style.fg = palette[c - 30]!;
      else if (c >= 90 && c <= 97) style.fg = palette[c - 82]!;
      else if (c === 39) style.fg = '';
      else if (c >= 40 && c <= 47) style.bg = palette[c - 40]!;
      else if (c === 49) style.bg = '';
      else if ((c === 38 || c === 48) && codes[i + 1] === 5) {
        const colour = xterm(codes[i + 2]!);
        if (c === 38) style.fg = colour;
        else style.bg = colour;
        i += 2;
      } else if ((c === 38 || c === 48) && codes[i + 1] === 2) {
        const colour = `rgb(${codes[i + 2]},${codes[i + 3]},${codes[i + 4]})`;
        if (c === 38) style.fg = colour;
        else style.bg = colour;
        i += 4;
      }
    }
  }
  return `<!doctype html><meta charset="utf-8"><body style="margin:0;background:#1e1e1e"><pre style="margin:0;padding:16px;font:15px/18px 'DejaVu Sans Mono',monospace;color:#e5e5e5;background:#1e1e1e">${html}</pre>`;
}
