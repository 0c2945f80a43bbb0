// A commit's term index built on a worker thread while its tarball streams in: the files go to the thread as they
// are read, so by the time the download ends most of the index is built, on the machine's other core, and the
// main thread (webhooks, lock renewals, the listing and the stack) is not held by it. What the thread builds is
// narrowed to the files the context reads (keep-documents.ts). The thread also reads each file's imports as it
// indexes it, and once the listing is known resolves them into the import graph while the main thread detects the
// stack. Any failure leaves the index and the graph to be built on the main thread as before, and says why in
// `failure`.
import { Worker } from "node:worker_threads";
import { graphOfEdges, type ImportGraph } from "./import-graph.js";
import { keepDocuments } from "./keep-documents.js";
import { type IndexParts, TermIndex } from "./term-index.js";
import type { FromIndexWorker, ToIndexWorker } from "./term-index-worker.js";

/** Bytes sent to the thread at once: few messages, and the thread starts on the first files early. */
const BATCH_BYTES = 1 << 20;
/**
 * Bytes sent and not yet indexed above which the download waits (`pace`): a thread slower than the read would
 * otherwise queue a second copy of a large repository's texts.
 */
const MAX_WAITING_BYTES = 256 << 20;
/**
 * How long a waiting download gives the thread to index its next batch (one takes tens of milliseconds): a thread
 * that answers nothing for this long is given up, and the index is built on the main thread.
 */
const STALL_MS = 30_000;
/**
 * How long the thread waits, its index handed over, to be asked for the import graph: a commit whose context is not
 * built after all (the job ended first) does not keep it.
 */
const GRAPH_WAIT_MS = 60_000;

export interface BackgroundIndexOptions {
  /** The thread (tests give another). */
  spawn?: () => Worker;
  /** See `pace`. */
  maxWaitingBytes?: number;
  /** See STALL_MS. */
  stallMs?: number;
  /** See GRAPH_WAIT_MS. */
  graphWaitMs?: number;
  /**
   * Files smaller in all than this are indexed on the main thread, in milliseconds: no thread is started for them
   * (starting one costs more). The thread starts once they are more.
   */
  minBytes?: number;
}

/** Files for the thread: their UTF-8 bytes end to end in one buffer, moved to the thread rather than copied. */
class Batch {
  paths: string[] = [];
  ends: number[] = [];
  // Buffers of their own memory (not the shared pool), so the memory can be moved; filled with `copy`, which is
  // a plain memory copy (Uint8Array's `set` from a Buffer took ten times as long on payload's 31 MB).
  #bytes = Buffer.allocUnsafeSlow(BATCH_BYTES);
  #length = 0;

  get size(): number {
    return this.#length;
  }

  add(path: string, bytes: Uint8Array): void {
    if (this.#length + bytes.length > this.#bytes.length) {
      const grown = Buffer.allocUnsafeSlow(Math.max(this.#bytes.length * 2, this.#length + bytes.length));
      this.#bytes.copy(grown, 0, 0, this.#length);
      this.#bytes = grown;
    }
    Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).copy(this.#bytes, this.#length);
    this.#length += bytes.length;
    this.paths.push(path);
    this.ends.push(this.#length);
  }

  message(): ToIndexWorker {
    return { paths: this.paths, ends: this.ends, bytes: this.#bytes.buffer as ArrayBuffer };
  }
}

export class BackgroundIndex {
  #worker: Worker | undefined;
  #parts: Promise<IndexParts> | undefined;
  #batch = new Batch();
  #ended = false;
  /** Bytes sent to the thread and not yet indexed, and the reads waiting for them to be. */
  #waiting = 0;
  #paced: (() => void)[] = [];
  /** Gives the thread up when a waiting download sees no batch indexed for `stallMs`. */
  #stall: NodeJS.Timeout | undefined;
  /** The import graph's edges, once asked for; and the thread's end when it is not asked in time. */
  #edges: ((edges: Int32Array | undefined) => void) | undefined;
  #graphAsked = false;
  #exited = false;
  #graphWait: NodeJS.Timeout | undefined;
  /** Why the thread's index was not used, for the operator's log. */
  failure: Error | undefined;
  /** Whether `index` gave the context the thread's index. */
  served = false;

  readonly #spawn: () => Worker;
  readonly #maxWaitingBytes: number;
  readonly #minBytes: number;
  readonly #stallMs: number;
  readonly #graphWaitMs: number;

  /** `maxBytes`: larger files are not indexed (the context's cap). */
  constructor(
    readonly maxBytes: number,
    options: BackgroundIndexOptions = {},
  ) {
    this.#spawn = options.spawn ?? spawnIndexWorker;
    this.#maxWaitingBytes = options.maxWaitingBytes ?? MAX_WAITING_BYTES;
    this.#minBytes = options.minBytes ?? BATCH_BYTES;
    this.#stallMs = options.stallMs ?? STALL_MS;
    this.#graphWaitMs = options.graphWaitMs ?? GRAPH_WAIT_MS;
  }

  /** Resolves once the thread has caught up enough for the read to go on; undefined when it need not wait. */
  pace(): Promise<void> | undefined {
    if (this.#ended || this.failure || this.#waiting <= this.#maxWaitingBytes) return undefined;
    this.#stall ??= setTimeout(() => this.#stalled(), this.#stallMs).unref();
    return new Promise((resolve) => this.#paced.push(resolve));
  }

  /** A file read from the tarball (its bytes, which the thread reads as UTF-8), in the tarball's order. */
  add(path: string, bytes: Uint8Array): void {
    if (this.#ended || this.failure || bytes.length > this.maxBytes) return;
    this.#batch.add(path, bytes);
    if (this.#batch.size >= Math.max(BATCH_BYTES, this.#worker ? 0 : this.#minBytes)) this.#sendBatch();
  }

  /** No more files: the thread seals the index (none was started for fewer than `minBytes`). */
  end(): void {
    if (this.#ended) return;
    this.#ended = true;
    if (this.#batch.paths.length > 0 && (this.#worker || this.#batch.size >= this.#minBytes))
      this.#sendBatch();
    this.#batch = new Batch();
    if (this.#worker) this.#send({ end: true });
  }

  /** Stops the thread; its index and graph will not be used. */
  cancel(): void {
    this.#ended = true;
    this.#batch = new Batch();
    this.#release();
    this.#stop();
  }

  /**
   * The index of `paths` (the files the context read, in the order read), or undefined when the thread's index
   * cannot serve them (nothing was sent, the thread failed, a path was not indexed there).
   */
  async index(paths: readonly string[]): Promise<TermIndex | undefined> {
    const built = this.#parts;
    if (!built || !this.#ended) return undefined;
    // Asked once per commit: the thread's parts are not kept beside the index made of them.
    this.#parts = undefined;
    try {
      const parts = keepDocuments(await built, paths);
      if (parts) {
        this.served = true;
        return TermIndex.fromParts(parts);
      }
      this.failure ??= new Error("the files read are not those the worker thread indexed");
    } catch (error) {
      this.failure ??= error as Error;
    }
    return undefined;
  }

  /**
   * The import graph of `read` (the files the context read, in its order) among `listed` (every listed path), which
   * the thread builds from the imports it read while indexing; undefined when it cannot (no thread, a failure, a
   * file read that was not sent to it, asked before the files ended or a second time).
   */
  async importGraph(read: string[], listed: string[]): Promise<ImportGraph | undefined> {
    if (!this.#worker || this.#exited || !this.#ended || this.failure || this.#graphAsked) return undefined;
    this.#graphAsked = true;
    clearTimeout(this.#graphWait);
    const edges = new Promise<Int32Array | undefined>((resolve) => {
      this.#edges = resolve;
    });
    this.#send({ graph: { read, listed } });
    const found = await edges;
    if (!found)
      this.failure ??= new Error("the worker thread could not build the import graph of the files read");
    return found ? graphOfEdges(found, listed) : undefined;
  }

  #sendBatch(): void {
    const message = this.#batch.message();
    this.#batch = new Batch();
    if ("bytes" in message) this.#waiting += message.bytes.byteLength;
    this.#send(message, "bytes" in message ? [message.bytes] : []);
  }

  /** Lets every waiting read go on. */
  #release(): void {
    clearTimeout(this.#stall);
    this.#stall = undefined;
    for (const resolve of this.#paced.splice(0)) resolve();
  }

  #indexed(bytes: number): void {
    this.#waiting -= bytes;
    if (this.#waiting <= this.#maxWaitingBytes) this.#release();
    else if (this.#stall) this.#stall.refresh();
  }

  #stalled(): void {
    this.failure ??= new Error(
      `the index worker thread indexed nothing for ${this.#stallMs} ms while the download waited for it`,
    );
    this.cancel();
  }

  #answered(edges: Int32Array | undefined): void {
    this.#edges?.(edges);
    this.#edges = undefined;
    this.#stop();
  }

  /** Ends the thread (it has nothing left to do, or its work will not be used). */
  #stop(): void {
    clearTimeout(this.#graphWait);
    void this.#worker?.terminate();
  }

  #send(message: ToIndexWorker, transfer: ArrayBuffer[] = []): void {
    try {
      this.#start().postMessage(message, transfer);
    } catch (error) {
      this.failure ??= error as Error;
      this.cancel();
    }
  }

  #start(): Worker {
    if (this.#worker) return this.#worker;
    const worker = this.#spawn();
    // The thread never keeps the process alive: a process that stops mid-download just ends it.
    worker.unref();
    this.#worker = worker;
    this.#parts = new Promise<IndexParts>((resolve, reject) => {
      worker.on("message", (message: FromIndexWorker) => {
        if ("indexed" in message) return this.#indexed(message.indexed);
        if ("edges" in message) return this.#answered(message.edges);
        resolve(message);
        // Kept for the import graph a while, unless it was asked for already.
        if (!this.#graphAsked) this.#graphWait = setTimeout(() => this.#stop(), this.#graphWaitMs).unref();
      });
      worker.once("error", reject);
      worker.once("exit", (code) => reject(new Error(`the index worker thread stopped (exit code ${code})`)));
      worker.once("exit", () => {
        this.#exited = true;
        this.#answered(undefined);
      });
    });
    // Read by `index`; a failure before then is not an unhandled rejection, and no read waits for the thread.
    this.#parts.catch((error: Error) => {
      this.failure ??= error;
      this.#release();
    });
    return worker;
  }
}

/**
 * The index thread. Built, it runs term-index-worker.js beside this file; from source (tsx, vitest), the thread
 * registers tsx first to load the TypeScript.
 */
export function spawnIndexWorker(): Worker {
  const here = import.meta.url;
  if (!here.endsWith(".ts")) return new Worker(new URL("./term-index-worker.js", here));
  const tsx = import.meta.resolve("tsx/esm/api");
  const entry = new URL("./term-index-worker.ts", here).href;
  return new Worker(
    `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`,
    { eval: true },
  );
}
