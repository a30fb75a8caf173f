/**
 * `--jobs N`: work items spread over N worker threads, results written in input order. At most two items per worker
 * are out at a time (one being worked on, one waiting), and none is handed out while the output is full, so memory
 * stays flat however long the input and however slow the reader.
 */
import { Worker } from 'node:worker_threads';
import type { WorkItem, WorkResult } from './batch';

export class Pool {
  private readonly workers: { worker: Worker; busy: number }[] = [];
  private nextSeq = 0;
  private nextOut = 0;
  private readonly done = new Map<number, WorkResult>();
  private inFlight = 0;
  private readonly limit: number;
  private wake: (() => void) | null = null;
  private failure: Error | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    jobs: number,
    url: URL,
    workerData: unknown,
    private readonly onResult: (r: WorkResult) => Promise<void> | undefined,
  ) {
    this.limit = jobs * 2;
    for (let i = 0; i < jobs; i++) {
      const worker = new Worker(url, { workerData });
      const slot = { worker, busy: 0 };
      worker.on('message', (msg: { seq: number; result: WorkResult }) => {
        slot.busy--;
        this.done.set(msg.seq, msg.result);
        this.emit();
      });
      worker.on('error', (e) => this.fail(e));
      worker.on('exit', (code) => {
        if (code !== 0) this.fail(new Error(`worker exited with code ${code}`));
      });
      this.workers.push(slot);
    }
  }

  private fail(e: Error): void {
    this.failure ??= e;
    this.wake?.();
  }

  /** Write finished results in order; each write waits for the previous one (and for room in the output). */
  private emit(): void {
    while (this.done.has(this.nextOut)) {
      const r = this.done.get(this.nextOut)!;
      this.done.delete(this.nextOut);
      this.nextOut++;
      this.writing = this.writing.then(() => this.onResult(r)).then(() => {
        this.inFlight--;
        this.wake?.();
      }, (e: Error) => this.fail(e));
    }
  }

  private async room(max: number): Promise<void> {
    while (this.inFlight > max && !this.failure) await new Promise<void>((r) => (this.wake = r));
    this.wake = null;
    if (this.failure) throw this.failure;
  }

  async submit(item: WorkItem): Promise<void> {
    await this.room(this.limit - 1);
    const slot = this.workers.reduce((a, b) => (b.busy < a.busy ? b : a));
    slot.busy++;
    this.inFlight++;
    const seq = this.nextSeq++;
    if (item.kind === 'lines') {
      // A copy of just these bytes, handed over rather than cloned (the read buffer may be a slice of a bigger one).
      const bytes = new Uint8Array(item.bytes);
      slot.worker.postMessage({ seq, item: { ...item, bytes } }, [bytes.buffer]);
    } else slot.worker.postMessage({ seq, item });
  }

  /** Wait for every result to be written, then stop the workers. */
  async close(): Promise<void> {
    try {
      await this.room(0);
      await this.writing;
    } finally {
      await Promise.all(this.workers.map((w) => w.worker.terminate()));
    }
  }
}
