// A worker thread that builds a commit's term index from the files its host sends as the tarball streams, then
// hands the index's parts back (its typed arrays moved, not copied) and has nothing left to do.
import { parentPort } from "node:worker_threads";
import { IndexBuilder, type IndexParts } from "./term-index.js";

/**
 * What the host sends: files in the order they are to be indexed (their UTF-8 bytes end to end; file `i` ends at
 * `ends[i]`), then the end.
 */
export type ToIndexWorker = { paths: string[]; ends: number[]; bytes: ArrayBuffer } | { end: true };
/** What the thread answers: each batch's bytes once indexed (the host paces the download by them), then the index. */
export type FromIndexWorker = { indexed: number } | IndexParts;

const port = parentPort;
if (!port) throw new Error("term-index-worker.ts runs as a worker thread (see background-index.ts)");
const builder = new IndexBuilder();
port.on("message", (message: ToIndexWorker) => {
  if ("bytes" in message) {
    let start = 0;
    message.paths.forEach((path, at) => {
      const end = message.ends[at] as number;
      // Read as the snapshot reads it (Buffer's UTF-8 decoding), so the texts are the same.
      builder.add({ path, content: Buffer.from(message.bytes, start, end - start).toString("utf8") });
      start = end;
    });
    port.postMessage({ indexed: message.bytes.byteLength } satisfies FromIndexWorker);
    return;
  }
  const parts = builder.seal();
  port.postMessage(parts, buffersOf(parts));
});

function buffersOf(parts: IndexParts): ArrayBuffer[] {
  return Object.values(parts.postings).flatMap(({ starts, docs, counts }) =>
    [starts, docs, counts].map((array) => array.buffer as ArrayBuffer),
  );
}
