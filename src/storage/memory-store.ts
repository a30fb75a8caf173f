/** The store kept in memory only: the fallback when IndexedDB fails, and a real store for UI tests. */
import { MemoryBackend } from './backend';
import { buildStore, type CoreOptions } from './store';
import type { HuiminStore } from './types';

export type MemoryStoreOptions = CoreOptions;

/** Same behaviour as `createStore` (encryption included); everything is lost when the page closes. */
export function createMemoryStore(options: MemoryStoreOptions = {}): HuiminStore {
  return buildStore(async () => ({ backend: new MemoryBackend() }), options);
}
