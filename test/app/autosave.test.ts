import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAutosaver } from '../../src/app/autosave';

describe('autosave: a maximum wait, not a debounce', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  /** A store whose writes take `ms` and record what was written when. */
  function setup(ms = 5) {
    let value = '';
    const writes: { at: number; value: string }[] = [];
    const saver = createAutosaver(
      () =>
        new Promise<void>((ok) => {
          const v = value;
          setTimeout(() => {
            writes.push({ at: Date.now(), value: v });
            ok();
          }, ms);
        }),
      250,
    );
    const type = (c: string) => {
      value += c;
      saver.changed();
    };
    return { saver, writes, type, get value() { return value; } };
  }

  it('writes the first change at once', async () => {
    const s = setup();
    const t0 = Date.now();
    s.type('a');
    await vi.advanceTimersByTimeAsync(5);
    expect(s.writes).toEqual([{ at: t0 + 5, value: 'a' }]);
  });

  it('keeps writing while the user types without a pause (every keystroke on disk within 250 ms + one write)', async () => {
    const s = setup();
    const typed: { at: number; value: string }[] = [];
    // 5 s of typing, a key every 100 ms.
    for (let i = 0; i < 50; i++) {
      s.type(String.fromCharCode(97 + (i % 26)));
      typed.push({ at: Date.now(), value: s.value });
      await vi.advanceTimersByTimeAsync(100);
    }
    await vi.advanceTimersByTimeAsync(300);
    expect(s.writes.length).toBeGreaterThanOrEqual(15);
    for (const k of typed) {
      const onDisk = s.writes.find((w) => w.value.startsWith(k.value));
      expect(onDisk, `keystroke at ${k.at}`).toBeDefined();
      expect(onDisk!.at - k.at).toBeLessThanOrEqual(250 + 5);
    }
  });

  it('never runs two writes at once, and the last write has the last change', async () => {
    const s = setup(400); // a write slower than the wait
    let running = 0;
    let most = 0;
    const saver = createAutosaver(async () => {
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 400));
      running--;
    }, 250);
    for (let i = 0; i < 20; i++) {
      saver.changed();
      s.type('x');
      await vi.advanceTimersByTimeAsync(50);
    }
    await vi.advanceTimersByTimeAsync(2000);
    expect(most).toBe(1);
    expect(s.writes.at(-1)!.value).toBe(s.value);
  });

  it('flush writes at once and waits for a write under way; cancel drops the unsaved change', async () => {
    const s = setup(20);
    s.type('a'); // written at once
    s.type('b'); // scheduled
    const flushed = s.saver.flush();
    await vi.advanceTimersByTimeAsync(40);
    await flushed;
    expect(s.writes.map((w) => w.value)).toEqual(['a', 'ab']);
    await vi.advanceTimersByTimeAsync(300);
    s.type('c'); // written at once (quiet for more than 250 ms)
    s.type('d');
    s.saver.cancel();
    await vi.advanceTimersByTimeAsync(1000);
    expect(s.writes.map((w) => w.value)).toEqual(['a', 'ab', 'abc']);
  });
});
