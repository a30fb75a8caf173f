/**
 * Install to the home screen. Chromium announces that the app can be installed once, early (beforeinstallprompt):
 * the event is kept from the first moment (main.tsx) so Settings can offer its own button later. Elsewhere (iOS,
 * in-app browsers) Settings explains the browser's own menu instead.
 */
interface InstallPromptEvent extends Event {
  prompt(): Promise<void>;
  userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>;
}

let deferred: InstallPromptEvent | null = null;
let installed = false;
const listeners = new Set<() => void>();
const notify = () => listeners.forEach((l) => l());

export function captureInstallPrompt(): void {
  window.addEventListener('beforeinstallprompt', (e) => {
    e.preventDefault(); // our own button in Settings, not the browser's bar over the wizard
    deferred = e as InstallPromptEvent;
    notify();
  });
  window.addEventListener('appinstalled', () => {
    deferred = null;
    installed = true;
    notify();
  });
}

export type InstallState = 'installed' | 'available' | 'manual';

export function installState(): InstallState {
  const standalone = window.matchMedia?.('(display-mode: standalone)').matches || (navigator as { standalone?: boolean }).standalone === true;
  if (installed || standalone) return 'installed';
  return deferred ? 'available' : 'manual';
}

export function onInstallChange(cb: () => void): () => void {
  listeners.add(cb);
  return () => listeners.delete(cb);
}

/** Show the browser's install dialog; true when the user accepted. */
export async function install(): Promise<boolean> {
  const e = deferred;
  if (!e) return false;
  deferred = null;
  await e.prompt();
  const { outcome } = await e.userChoice;
  notify();
  return outcome === 'accepted';
}
