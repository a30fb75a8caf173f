/**
 * Writing to standard output as pipes need it: with backpressure (a writer waits for 'drain' instead of piling up
 * output in memory), and finishing only once everything written has reached the operating system. Exiting before
 * that is what cut piped output at 64 KB (a pipe's buffer): Node writes to pipes asynchronously.
 *
 * A reader that goes away (`| head`) makes writes fail with EPIPE: that is the reader's choice, not an error, so
 * the command ends quietly with exit code 0.
 */
import type { Writable } from 'node:stream';

export class Output {
  private closed = false;

  constructor(
    readonly stream: Writable,
    private readonly onClosed: () => void,
  ) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED') {
        this.closed = true;
        this.onClosed();
      } else throw e;
    });
  }

  /** Write; resolves at once, or when the stream has room again (so callers never buffer without bound). */
  write(text: string | Uint8Array): Promise<void> | undefined {
    if (this.closed || text.length === 0) return undefined;
    if (this.stream.write(text)) return undefined;
    return new Promise((resolve) => {
      const done = (): void => {
        this.stream.off('drain', done);
        this.stream.off('close', done);
        resolve();
      };
      this.stream.once('drain', done);
      this.stream.once('close', done);
    });
  }

  /** Resolves when everything written so far has been handed to the operating system. */
  flush(): Promise<void> {
    if (this.closed) return Promise.resolve();
    // Write callbacks run in order, so an empty write's callback means every earlier write is done.
    return new Promise((resolve) => {
      this.stream.write('', () => resolve());
    });
  }
}
