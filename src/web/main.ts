/**
 * The Command Center in a browser: a login page for the token, then five tabs
 * on hash routes (#home, #market…), each drawn from /api/v1/dashboard/<tab>
 * and drawn again when the server says its data changed. Plain DOM, no
 * framework: see docs/dashboard-web.md.
 */
// uPlot's stylesheet goes in ours: one request, and ready before the first chart.
import 'uplot/dist/uPlot.min.css';
import './style.css';
import { TAB_NAMES, TAB_TITLES, type DashboardTab, type TabName } from '../core/dashboard/types.js';
import { TokenRefused, getTab, token, watchEvents } from './api.js';
import { disposeCharts } from './charts.js';
import { h, replace } from './dom.js';
import { collectionView } from './views/collection.js';
import type { ViewContext } from './views/context.js';
import { homeView } from './views/home.js';
import { marketView } from './views/market.js';
import { operationsView } from './views/operations.js';
import { rosterView } from './views/roster.js';

const body = document.body;
let stopEvents: (() => void) | undefined;
let loading: AbortController | undefined;

function currentTab(): TabName {
  const name = location.hash.slice(1);
  return (TAB_NAMES as readonly string[]).includes(name) ? (name as TabName) : 'home';
}

function showLogin(message?: string): void {
  stopEvents?.();
  stopEvents = undefined;
  disposeCharts();
  const input = h('input', { type: 'password', name: 'token', autocomplete: 'current-password', placeholder: 'serve token', required: true, 'aria-label': 'token' });
  const form = h(
    'form',
    { class: 'login' },
    h('h1', null, 'Holocron'),
    h('p', null, 'The token is HOLOCRON_TOKEN, or the one in $HOLOCRON_HOME/serve-token.'),
    message ? h('p', { class: 'banner', role: 'alert' }, message) : null,
    input,
    h('button', { type: 'submit' }, 'Open the Command Center'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    token.set(input.value.trim());
    showApp();
  });
  replace(body, form);
  input.focus();
}

const banner = h('p', { class: 'banner', role: 'alert', hidden: true });
const statusBar = h('p', { class: 'status', role: 'status' });
const main = h('main');
const nav = h('nav', { 'aria-label': 'tabs' }, ...TAB_NAMES.map((tab) => h('a', { href: `#${tab}`, 'data-tab': tab }, TAB_TITLES[tab])));
const dialog = h('dialog');

function showError(error: unknown): void {
  if (error instanceof TokenRefused) return showLogin('token refused or expired');
  // One line, never a stack trace.
  banner.textContent = String((error as Error)?.message ?? error).split('\n')[0]!;
  banner.hidden = false;
}

const ctx: ViewContext = {
  refresh: () => loadTab(currentTab()),
  status: (text) => {
    statusBar.textContent = text;
  },
  error: showError,
  dialog: (title, lines, ok = 'OK') =>
    new Promise<boolean>((resolve) => {
      const close = (answer: boolean) => {
        dialog.close();
        resolve(answer);
      };
      replace(
        dialog,
        h('h2', null, title),
        lines.length > 0 ? h('pre', null, lines.join('\n')) : h('p', { class: 'empty' }, 'Nothing to do.'),
        h(
          'div',
          { class: 'buttons' },
          h('button', { type: 'button', class: 'secondary', onclick: () => close(false) }, 'Close'),
          lines.length > 0 ? h('button', { type: 'button', class: 'confirm', onclick: () => close(true) }, ok) : null,
        ),
      );
      dialog.onclose = () => resolve(false);
      dialog.showModal();
    }),
};

const VIEWS: { [T in TabName]: (data: Extract<DashboardTab, { tab: T }>, ctx: ViewContext) => HTMLElement[] } = {
  home: homeView,
  market: marketView,
  operations: operationsView,
  roster: rosterView,
  collection: collectionView,
};

async function loadTab(tab: TabName): Promise<void> {
  loading?.abort();
  const controller = (loading = new AbortController());
  for (const link of nav.querySelectorAll('a')) link.toggleAttribute('aria-current', link.dataset.tab === tab);
  main.setAttribute('aria-busy', 'true');
  try {
    const data = await getTab<DashboardTab>(tab, controller.signal);
    if (controller.signal.aborted) return;
    const focused = document.activeElement;
    disposeCharts();
    const view = VIEWS[tab] as (data: DashboardTab, ctx: ViewContext) => HTMLElement[];
    replace(main, h('h1', null, TAB_TITLES[tab]), ...view(data, ctx));
    // A refresh while typing in the search box keeps the caret there.
    if (focused instanceof HTMLElement && focused !== document.body && focused.isConnected) focused.focus();
    banner.hidden = true;
    main.dataset.rendered = tab;
    performance.mark(`tab-rendered`, { detail: tab });
  } catch (error) {
    if (!controller.signal.aborted) showError(error);
  } finally {
    if (loading === controller) main.removeAttribute('aria-busy');
  }
}

function showApp(): void {
  replace(body, h('header', null, h('a', { class: 'brand', href: '#home' }, 'Holocron'), nav), banner, main, statusBar, dialog);
  void loadTab(currentTab());
  stopEvents?.();
  stopEvents = watchEvents(
    () => void loadTab(currentTab()),
    () => showLogin('token refused or expired'),
  );
}

window.addEventListener('hashchange', () => {
  if (main.isConnected) void loadTab(currentTab());
});
window.addEventListener('unhandledrejection', (event) => {
  event.preventDefault();
  showError(event.reason);
});

if (token.get()) showApp();
else showLogin();
