/**
 * When the wizard's draft is written. Not a debounce: a debounce postpones the write for as long as the user keeps
 * typing, so a crash after 5 s of typing lost all of it (issue 13). Here the first change after a quiet spell is
 * written at once, later ones at most `maxWaitMs` after the write before, and `flush()` writes at once (page hidden,
 * before the app reloads itself, before locking). Writes never overlap: one that starts while another is under way
 * waits for it, so an older draft can never land after a newer one.
 *
 * A keystroke is therefore on disk at most `maxWaitMs` + one write after it was typed (README: "Autosave").
 */

/** The wizard's maximum wait (ms) between a change and its write while the user keeps typing. */
export const AUTOSAVE_MAX_WAIT_MS = 250;

export interface Autosaver {
  /** Something changed: it will be written at once, or at most `maxWaitMs` after the last write began. */
  changed(): void;
  /** Write now if anything is unsaved; resolves once it (and any write under way) is done. */
  flush(): Promise<void>;
  /** Forget unsaved changes (locking: what is on screen is dropped, not written). */
  cancel(): void;
}

export interface AutosaverOptions {
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  /** A write failed (it is not retried until the next change or flush). */
  onError?: (e: unknown) => void;
}

export function createAutosaver(write: () => Promise<void>, maxWaitMs: number, o: AutosaverOptions = {}): Autosaver {
  const now = o.now ?? (() => Date.now());
  const setTimer = o.setTimer ?? ((fn: () => void, ms: number) => setTimeout(fn, ms));
  const clearTimer = o.clearTimer ?? ((h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>));
  let dirty = false;
  let timer: unknown;
  let inFlight: Promise<void> | null = null;
  /** When the last write began (−∞: the first change is written at once). */
  let lastStart = -Infinity;

  const stopTimer = (): void => {
    if (timer !== undefined) clearTimer(timer);
    timer = undefined;
  };

  const start = (): Promise<void> => {
    stopTimer();
    dirty = false;
    lastStart = now();
    const p = (async () => {
      try {
        await write();
      } finally {
        inFlight = null;
      }
    })();
    inFlight = p;
    // A change that came in while writing is scheduled once this write is done.
    p.then(schedule, (e: unknown) => {
      o.onError?.(e);
      schedule();
    });
    return p;
  };

  function schedule(): void {
    if (!dirty || inFlight || timer !== undefined) return;
    const wait = lastStart + maxWaitMs - now();
    if (wait <= 0) void start().catch(() => undefined);
    else timer = setTimer(() => {
      timer = undefined;
      schedule();
    }, wait);
  }

  return {
    changed() {
      dirty = true;
      schedule();
    },
    async flush() {
      stopTimer();
      // Until nothing is under way and nothing is unsaved (a change may come in while a write runs).
      for (;;) {
        if (inFlight) await inFlight.catch(() => undefined);
        else if (dirty) await start();
        else return;
      }
    },
    cancel() {
      stopTimer();
      dirty = false;
    },
  };
}
