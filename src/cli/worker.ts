/**
 * A worker thread of `--jobs N`: compiles the rule pack it is given once, then turns each work item it receives
 * into output text, exactly as the main thread does with --jobs 1.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { compilePack } from '../engine/compile';
import type { RulePack } from '../engine/pack';
import { BatchProcessor, type BatchSettings, type WorkItem } from './batch';
import type { WorkerReply } from './pool';
import { loadWords } from './words';

interface Init {
  packText: string;
  settings: BatchSettings;
  words: { text?: boolean; csv?: boolean } | null;
}

const init = workerData as Init;
const cp = compilePack(JSON.parse(init.packText) as RulePack);
const words = init.words ? await loadWords(cp, init.settings.lang, init.words) : null;
const processor = new BatchProcessor(cp, init.settings, words);
const encoder = new TextEncoder();
parentPort!.on('message', (msg: { seq: number; item: WorkItem }) => {
  const result = processor.run(msg.item);
  // Encoded here, on this thread, into a buffer of its own, and handed over (not copied): the main thread only writes it.
  const bytes = encoder.encode(result.text);
  const reply: WorkerReply = { seq: msg.seq, result: { ...result, text: '', bytes } };
  parentPort!.postMessage(reply, [bytes.buffer as ArrayBuffer]);
});
parentPort!.postMessage('ready');
