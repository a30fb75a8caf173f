/**
 * Boot: preferences and Chinese text first (first paint), then the store (a write test runs in open()), the rule pack
 * and the service worker in the background.
 */
import { render } from 'preact';
import { createStore } from '../storage/idb-store';
import { App, type AppProps } from './app';
import { initI18n } from './i18n';
import { captureInstallPrompt } from './install';
import { readPrefs } from './prefs';
import { pwa as lazyPwa, registerLater } from './pwa/lazy';
import './styles.css';

async function boot(): Promise<void> {
  captureInstallPrompt();
  const prefs = readPrefs();
  document.documentElement.lang = prefs.lang;
  document.documentElement.classList.toggle('elder', prefs.elder);
  const [i18n, store] = await Promise.all([initI18n(prefs.lang), (async () => {
    const s = createStore();
    await s.open();
    return s;
  })()]);
  const rules = import('./rules').then((m) => m.loadRules());
  const withSw = import.meta.env.PROD && 'serviceWorker' in navigator;
  const pwa: AppProps['pwa'] = withSw ? lazyPwa : undefined;
  // The browser tests read the store directly. Only under automation (navigator.webdriver): on a person's phone the
  // households are not one console command away.
  if (navigator.webdriver) {
    const w = window as unknown as { __huimin?: Record<string, unknown> };
    w.__huimin = Object.assign(w.__huimin ?? {}, { store });
  }
  const root = document.getElementById('app')!;
  root.textContent = '';
  render(<App i18n={i18n} store={store} rules={rules} pwa={pwa} />, root);
  // After the first paint: the service worker is for the next visit, not this one.
  if (withSw) registerLater();
}

void boot();
