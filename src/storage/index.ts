/** The storage layer's public API (the only code that touches IndexedDB). */
export * from './types';
export { LockedError, PassphraseError } from './errors';
export { createStore, DB_NAME, SCHEMA_VERSION, MIGRATIONS, type StoreOptions } from './idb-store';
export { createMemoryStore, type MemoryStoreOptions } from './memory-store';
export { summarize, unlockDelayMs, type CoreOptions } from './store';
export { createAutoLock, type AutoLock, type AutoLockOptions } from './auto-lock';
export { MIN_PBKDF2_ITERATIONS, pbkdf2Iterations, type IterationOptions, type Pbkdf2Params } from './crypto';
export * from './transfer';
export { checkLocalFigure } from './figures';
