/**
 * `--jobs N`: work items spread over up to N threads — the main thread and N − 1 worker threads — results written
 * in input order. The main thread takes an item itself whenever no worker has room: so --jobs 2 uses two cores with
 * one extra thread, not three threads on two cores, and the main thread works while the workers start instead of
 * waiting for them.
 *
 * A pool is made only once the input is long enough to repay it (evaluate.ts): each worker is a V8 isolate of its
 * own and pays the whole warm-up again — its first ≈ 2,000 households run slowly while ≈ 0.3 s of CPU goes to
 * optimising compiles on background threads, on the same two cores the main thread needs.
 *
 * At most two items per worker are out at a time (one being worked on, one waiting), a few finished ones wait for
 * an earlier one, and none is taken while the output is full, so memory stays flat however long the input and
 * however slow the reader. Workers send their output encoded, so the main thread only writes it.
 */
import { Worker } from 'node:worker_threads';
import type { WorkItem, WorkResult } from './batch';

/** What a worker sends back: the result, its text encoded as UTF-8 (handed over, not copied). */
export interface WorkerReply {
  seq: number;
  result: WorkResult;
}

interface Slot {
  worker: Worker;
  busy: number;
  ready: boolean;
}

/** Items a worker holds at once: one being worked on, one waiting. */
const PER_WORKER = 2;
/** Results finished by the main thread that may wait for an earlier item a worker still has, or for the output. */
const LOCAL_AHEAD = 4;

export class Pool {
  private readonly workers: Slot[] = [];
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
    /** Works an item on the main thread. */
    private readonly local: (item: WorkItem) => WorkResult,
    private readonly onResult: (r: WorkResult) => Promise<void> | undefined,
  ) {
    const workers = jobs - 1;
    this.limit = workers * PER_WORKER + LOCAL_AHEAD;
    for (let i = 0; i < workers; i++) {
      const worker = new Worker(url, { workerData });
      const slot: Slot = { worker, busy: 0, ready: false };
      worker.on('message', (msg: WorkerReply | 'ready') => {
        if (msg === 'ready') {
          slot.ready = true;
          return;
        }
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

  /** The ready worker with the fewest items, if one has room. */
  private freeWorker(): Slot | null {
    let best: Slot | null = null;
    for (const w of this.workers) if (w.ready && w.busy < PER_WORKER && (!best || w.busy < best.busy)) best = w;
    return best;
  }

  async submit(item: WorkItem): Promise<void> {
    await this.room(this.limit - 1);
    this.inFlight++;
    const seq = this.nextSeq++;
    const slot = this.freeWorker();
    if (!slot) {
      this.done.set(seq, this.local(item));
      this.emit();
      // Let the workers' replies and the output's 'drain' in (they arrive as events) before the next item is taken.
      await new Promise<void>((r) => setImmediate(r));
      return;
    }
    slot.busy++;
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
