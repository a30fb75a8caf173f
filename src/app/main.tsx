/**
 * Boot: preferences and Chinese text first (first paint), then the store (a write test runs in open()), the rule pack
 * and the service worker in the background.
 */
import { render } from 'preact';
import { createStore } from '../storage';
import { App, type AppProps } from './app';
import { initI18n } from './i18n';
import { readPrefs } from './prefs';
import './styles.css';

async function boot(): Promise<void> {
  const prefs = readPrefs();
  document.documentElement.lang = prefs.lang;
  document.documentElement.classList.toggle('elder', prefs.elder);
  const [i18n, store] = await Promise.all([initI18n(prefs.lang), (async () => {
    const s = createStore();
    await s.open();
    return s;
  })()]);
  const rules = import('./rules').then((m) => m.loadRules());
  let pwa: AppProps['pwa'];
  if (import.meta.env.PROD && 'serviceWorker' in navigator) {
    const m = await import('./pwa/sw-client');
    m.registerServiceWorker();
    pwa = m;
  }
  const root = document.getElementById('app')!;
  root.textContent = '';
  render(<App i18n={i18n} store={store} rules={rules} pwa={pwa} />, root);
}

void boot();
