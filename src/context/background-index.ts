// A commit's term index built on a worker thread while its tarball streams in: the files go to the thread as they
// are read, so by the time the download ends most of the index is built, on the machine's other core, and the
// main thread (webhooks, lock renewals, the listing and the stack) is not held by it. What the thread builds is
// narrowed to the files the context reads (keep-documents.ts). The thread also reads each file's imports as it
// indexes it, and once the listing is known resolves them into the import graph and finds the directory roles
// while the main thread detects the stack. Any failure leaves the index, the graph and the roles to the main
// thread as before, and says why in `failure`.
import { Worker } from "node:worker_threads";
import type { TextPlace } from "../repo/text-arena.js";
import type { DirectoryRole } from "./detect-roles.js";
import { graphOfEdges, type ImportGraph } from "./import-graph.js";
import { keepDocuments } from "./keep-documents.js";
import { type IndexParts, TermIndex } from "./term-index.js";
import type { FromIndexWorker, ToIndexWorker } from "./term-index-worker.js";

/** Bytes of files sent to the thread at once: few messages, and the thread starts on the first files early. */
const BATCH_BYTES = 1 << 20;
/**
 * Bytes sent and not yet indexed above which the download waits (`pace`). The thread reads the texts where the
 * download keeps them (no copy), so a download far ahead costs no memory, but it gains no time either: at 100,000
 * files the thread's index is the critical path, 8.4 to 8.9 s with 32 MB as unbounded (bench/RESULTS.md, session
 * 19). Waiting keeps the two in step, and lets a thread that stops answering be found (`stallMs`).
 */
const MAX_WAITING_BYTES = 32 << 20;
/**
 * How long a waiting download gives the thread to index its next batch (one takes tens of milliseconds): a thread
 * that answers nothing for this long is given up, and the index is built on the main thread.
 */
const STALL_MS = 30_000;
/**
 * How long the thread waits, its index handed over, to be given the listing: a commit whose context is not built
 * after all (the job ended first) does not keep it.
 */
const LISTING_WAIT_MS = 60_000;

export interface BackgroundIndexOptions {
  /** The thread (tests give another). */
  spawn?: () => Worker;
  /** See `pace`. */
  maxWaitingBytes?: number;
  /** See STALL_MS. */
  stallMs?: number;
  /** See LISTING_WAIT_MS. */
  listingWaitMs?: number;
  /**
   * Files smaller in all than this are indexed on the main thread, in milliseconds: no thread is started for them
   * (starting one costs more). The thread starts once they are more.
   */
  minBytes?: number;
}

/**
 * Files for the thread: where their UTF-8 bytes are, in the shared blocks the tarball's read keeps them in
 * (text-arena.ts). The thread reads them there: nothing is copied for it.
 */
class Batch {
  paths: string[] = [];
  blocks: SharedArrayBuffer[] = [];
  /** File `i` is bytes `starts[i]` to `ends[i]` of block `blockOf[i]` (a position in `blocks`). */
  blockOf: number[] = [];
  starts: number[] = [];
  ends: number[] = [];
  size = 0;

  add(path: string, place: TextPlace): void {
    let block = this.blocks.lastIndexOf(place.block);
    if (block < 0) block = this.blocks.push(place.block) - 1;
    this.paths.push(path);
    this.blockOf.push(block);
    this.starts.push(place.start);
    this.ends.push(place.end);
    this.size += place.end - place.start;
  }

  message(): ToIndexWorker {
    const { paths, blocks, blockOf, starts, ends, size } = this;
    return { paths, blocks, blockOf, starts, ends, bytes: size };
  }
}

/** What the thread finds of a commit once given its listing (see `listing`). */
export interface CommitWork {
  graph: Promise<ImportGraph | undefined>;
  roles: Promise<DirectoryRole[] | undefined>;
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
  /** The thread's answers to the listing, once given; and the thread's end when it is not given in time. */
  #edges: ((edges: Int32Array | undefined) => void) | undefined;
  #roles: ((roles: DirectoryRole[] | undefined) => void) | undefined;
  #listingSent = false;
  #exited = false;
  #listingWait: NodeJS.Timeout | undefined;
  /** Why the thread's index was not used, for the operator's log. */
  failure: Error | undefined;
  /** Whether `index` gave the context the thread's index. */
  served = false;

  readonly #spawn: () => Worker;
  readonly #maxWaitingBytes: number;
  readonly #minBytes: number;
  readonly #stallMs: number;
  readonly #listingWaitMs: number;

  /** `maxBytes`: larger files are not indexed (the context's cap). */
  constructor(
    readonly maxBytes: number,
    options: BackgroundIndexOptions = {},
  ) {
    this.#spawn = options.spawn ?? spawnIndexWorker;
    this.#maxWaitingBytes = options.maxWaitingBytes ?? MAX_WAITING_BYTES;
    this.#minBytes = options.minBytes ?? BATCH_BYTES;
    this.#stallMs = options.stallMs ?? STALL_MS;
    this.#listingWaitMs = options.listingWaitMs ?? LISTING_WAIT_MS;
  }

  /** Resolves once the thread has caught up enough for the read to go on; undefined when it need not wait. */
  pace(): Promise<void> | undefined {
    if (this.#ended || this.failure || this.#waiting <= this.#maxWaitingBytes) return undefined;
    this.#stall ??= setTimeout(() => this.#stalled(), this.#stallMs).unref();
    return new Promise((resolve) => this.#paced.push(resolve));
  }

  /** A file read from the tarball, in the tarball's order: where its bytes are kept (the thread reads them there). */
  add(path: string, place: TextPlace): void {
    if (this.#ended || this.failure || place.end - place.start > this.maxBytes) return;
    this.#batch.add(path, place);
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
   * Gives the thread the listing: `read` (the files the context read, in its order) and `listed` (every path). The
   * thread answers with their import graph, from the imports it read while indexing, and the listing's directory
   * roles. Each is undefined when the thread cannot give it (no thread, a failure, a file read that was not sent
   * to it, given before the files ended or a second time): then the caller finds it itself.
   */
  listing(read: string[], listed: string[]): CommitWork {
    if (!this.#worker || this.#exited || !this.#ended || this.failure || this.#listingSent)
      return { graph: Promise.resolve(undefined), roles: Promise.resolve(undefined) };
    this.#listingSent = true;
    clearTimeout(this.#listingWait);
    const edges = new Promise<Int32Array | undefined>((resolve) => {
      this.#edges = resolve;
    });
    const roles = new Promise<DirectoryRole[] | undefined>((resolve) => {
      this.#roles = resolve;
    });
    this.#send({ listing: { read, listed } });
    const graph = edges.then((found) => {
      if (!found)
        this.failure ??= new Error("the worker thread could not build the import graph of the files read");
      return found ? graphOfEdges(found, listed) : undefined;
    });
    return { graph, roles };
  }

  #sendBatch(): void {
    const message = this.#batch.message();
    this.#batch = new Batch();
    if ("bytes" in message) this.#waiting += message.bytes;
    this.#send(message);
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

  /** The thread's answer to the listing, or its end (then nothing more comes). */
  #answered(message: { edges: Int32Array | undefined } | { roles: DirectoryRole[] } | undefined): void {
    if (!message || "edges" in message) {
      this.#edges?.(message?.edges);
      this.#edges = undefined;
    }
    if (!message || "roles" in message) {
      this.#roles?.(message?.roles);
      this.#roles = undefined;
      this.#stop();
    }
  }

  /** Ends the thread (it has nothing left to do, or its work will not be used). */
  #stop(): void {
    clearTimeout(this.#listingWait);
    void this.#worker?.terminate();
  }

  #send(message: ToIndexWorker): void {
    try {
      this.#start().postMessage(message);
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
        if ("edges" in message || "roles" in message) return this.#answered(message);
        resolve(message);
        // Kept for the listing a while, unless it was given already.
        if (!this.#listingSent)
          this.#listingWait = setTimeout(() => this.#stop(), this.#listingWaitMs).unref();
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
