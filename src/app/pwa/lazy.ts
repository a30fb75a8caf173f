/**
 * The service-worker client, loaded after the first paint: the same API as sw-client.ts, each call waiting for the
 * chunk. Keeps workbox-window out of the JavaScript needed to show the first screen.
 */
import type { UpdateInfo } from './sw-client';

const load = () => import('./sw-client');

export function registerLater(): void {
  void load().then((m) => m.registerServiceWorker());
}

export const pwa = {
  onUpdateAvailable(cb: (info: UpdateInfo) => void): () => void {
    let off: () => void = () => undefined;
    let cancelled = false;
    void load().then((m) => {
      if (!cancelled) off = m.onUpdateAvailable(cb);
    });
    return () => {
      cancelled = true;
      off();
    };
  },
  async applyUpdate(beforeReload: () => Promise<void>): Promise<void> {
    return (await load()).applyUpdate(beforeReload);
  },
  async requestPersistentStorage(): Promise<boolean> {
    return (await load()).requestPersistentStorage();
  },
  async storageEstimate(): Promise<{ persisted: boolean; usage?: number; quota?: number }> {
    return (await load()).storageEstimate();
  },
};
