/** Lock the store after a spell without use. The UI calls `touch()` on user input and `check()` when the tab shows. */

export interface AutoLockOptions {
  /** Minutes without `touch()` before locking (default 5). */
  minutes?: number;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export interface AutoLock {
  /** The user did something: start the inactivity time again. */
  touch(): void;
  /** Lock now if the time is up. Timers sleep with a phone, so call this when the page becomes visible again. */
  check(): void;
  stop(): void;
}

export function createAutoLock(store: { lock(): void }, options: AutoLockOptions = {}): AutoLock {
  const ms = (options.minutes ?? 5) * 60_000;
  const now = options.now ?? (() => Date.now());
  const setTimer = options.setTimer ?? ((fn: () => void, t: number) => setTimeout(fn, t));
  const clearTimer = options.clearTimer ?? ((h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>));
  let last = now();
  let timer: unknown;
  let stopped = false;

  // One timer at a time: touch() only records the time (it runs on every keystroke); the timer re-arms itself
  // for whatever is left when it fires early.
  const arm = (delay: number): void => {
    timer = setTimer(fire, Math.max(0, delay));
  };
  const fire = (): void => {
    timer = undefined;
    if (stopped) return;
    const left = last + ms - now();
    if (left > 0) return arm(left);
    store.lock();
  };

  arm(ms);
  return {
    touch() {
      if (stopped) return;
      last = now();
      if (timer === undefined) arm(ms);
    },
    check() {
      if (!stopped && now() - last >= ms) {
        if (timer !== undefined) clearTimer(timer);
        timer = undefined;
        store.lock();
      }
    },
    stop() {
      stopped = true;
      if (timer !== undefined) clearTimer(timer);
      timer = undefined;
    },
  };
}
