/**
 * Small helpers the shell needs at first paint for the device passphrase: recognising `LockedError` (from anywhere
 * that reads or writes households), the auto-lock setting, and whether the store can be locked at all.
 */
import type { EncryptedStoreControls, Store, StoreExtras } from '../../storage/types';

/** Settings key (kept in the clear: a preference, no personal facts). */
export const AUTO_LOCK_SETTING = 'autoLockMinutes';
export const AUTO_LOCK_DEFAULT = 5;
export const AUTO_LOCK_CHOICES: readonly number[] = [1, 2, 5, 10, 15, 30];
/** Shortest passphrase accepted when setting or changing it. */
export const MIN_PASSPHRASE = 6;

/** The store the app gets: always a {@link Store}; the passphrase controls and extras when the storage layer has them. */
export type AppStore = Store & Partial<EncryptedStoreControls & StoreExtras>;
export type LockableStore = Store & EncryptedStoreControls & Partial<StoreExtras>;

export function canLock(store: AppStore): store is LockableStore {
  return typeof store.setPassphrase === 'function' && typeof store.unlock === 'function' && typeof store.lock === 'function';
}

/** A `LockedError` (matched by its code too, so an error from another copy of the module still counts). */
export function isLockedError(e: unknown): boolean {
  return typeof e === 'object' && e !== null && ((e as { code?: unknown }).code === 'locked' || (e as { name?: unknown }).name === 'LockedError');
}

export function validMinutes(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 && v <= 24 * 60 ? v : null;
}
