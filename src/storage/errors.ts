/** Errors the storage layer throws on purpose; each says what happened in Chinese and English. */

/** Households were read or written while the passphrase-protected store is locked. */
export class LockedError extends Error {
  readonly code = 'locked';
  readonly zh = '数据已锁定，请先输入密码解锁。';
  readonly en = 'The data is locked: enter the passphrase to unlock it.';
  constructor() {
    super('数据已锁定，请先输入密码解锁。 / The data is locked: enter the passphrase to unlock it.');
    this.name = 'LockedError';
  }
}

/** A passphrase operation was asked in the wrong state (e.g. setting a passphrase twice, or an empty one). */
export class PassphraseError extends Error {
  constructor(
    readonly code: 'empty' | 'already-set' | 'not-set',
    readonly zh: string,
    readonly en: string,
  ) {
    super(`${zh} / ${en}`);
    this.name = 'PassphraseError';
  }
}
