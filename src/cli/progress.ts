/**
 * Progress of a batch on standard error — only when it is a terminal (a person watching), never into a file or a
 * pipe: households so far, the rate, and how many lines or rows had errors. Redrawn at most four times a second.
 */
import type { T } from '../shared/format';

export interface ProgressStream {
  isTTY?: boolean;
  write(s: string): boolean;
}

export class Progress {
  private readonly start = Date.now();
  private last = 0;
  private shown = false;

  constructor(
    private readonly stream: ProgressStream,
    private readonly t: T,
    private readonly now: () => number = Date.now,
  ) {}

  static enabled(stream: ProgressStream): boolean {
    return stream.isTTY === true;
  }

  update(households: number, errors: number, force = false): void {
    const now = this.now();
    if (!force && now - this.last < 250) return;
    this.last = now;
    const seconds = Math.max((now - this.start) / 1000, 0.001);
    const rate = Math.round(households / seconds);
    this.stream.write(`\r\x1b[K${this.t('cli.progress', { households: households.toLocaleString('en'), rate: rate.toLocaleString('en'), errors })}`);
    this.shown = true;
  }

  done(households: number, errors: number): void {
    this.update(households, errors, true);
    if (this.shown) this.stream.write('\n');
  }
}
