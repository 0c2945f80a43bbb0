// A worker thread that builds a commit's term index from the files its host sends as the tarball streams, and reads
// what each file imports as it goes. It hands the index's parts back once the files end (its typed arrays moved,
// not copied), then, given the listing, resolves the imports of the files the context read into the commit's
// import graph (import-graph.ts), finds the directory roles (detect-roles.ts) and has nothing left to do.
import { parentPort } from "node:worker_threads";
import { type DirectoryRole, detectRoles } from "./detect-roles.js";
import { edgesOf, type FileImports, fileImports, linkImports } from "./import-graph.js";
import { IndexBuilder, type IndexParts } from "./term-index.js";

/**
 * What the host sends: files in the order they are to be indexed (file `i`'s UTF-8 bytes are `starts[i]` to
 * `ends[i]` of the shared block `blocks[blockOf[i]]`; `bytes` in all), then the end, then the files the context
 * read (in its order) and the whole listing.
 */
export type ToIndexWorker =
  | {
      paths: string[];
      blocks: SharedArrayBuffer[];
      blockOf: number[];
      starts: number[];
      ends: number[];
      bytes: number;
    }
  | { end: true }
  | { listing: { read: string[]; listed: string[] } };
/**
 * What the thread answers: each batch's bytes once indexed (the host paces the download by them), the index, then
 * the import graph's edges as (importing, imported) positions in the listing, in the order they were found
 * (undefined when a file read was not sent here), then the listing's directory roles.
 */
export type FromIndexWorker =
  | { indexed: number }
  | IndexParts
  | { edges: Int32Array | undefined }
  | { roles: DirectoryRole[] };

const port = parentPort;
if (!port) throw new Error("term-index-worker.ts runs as a worker thread (see background-index.ts)");
let builder: IndexBuilder | undefined = new IndexBuilder();
/**
 * Every file sent, and what the ones that import something import, as JSON: a specifier matched in a text is a
 * slice of it and would keep the whole text alive (400 MB more at 100,000 files); the JSON is a copy.
 */
const sent = new Set<string>();
const imports = new Map<string, string>();

port.on("message", (message: ToIndexWorker) => {
  if ("bytes" in message) {
    const { blocks, blockOf, starts, ends } = message;
    message.paths.forEach((path, at) => {
      const block = blocks[blockOf[at] as number] as SharedArrayBuffer;
      const start = starts[at] as number;
      // Read as the snapshot reads it (Buffer's UTF-8 decoding), so the texts are the same.
      const content = Buffer.from(block, start, (ends[at] as number) - start).toString("utf8");
      builder?.add({ path, content });
      sent.add(path);
      const found = fileImports(path, content);
      if (found) imports.set(path, JSON.stringify(found));
    });
    port.postMessage({ indexed: message.bytes } satisfies FromIndexWorker);
    return;
  }
  if ("end" in message) {
    const parts = builder?.seal();
    builder = undefined;
    if (parts) port.postMessage(parts, buffersOf(parts));
    return;
  }
  const { read, listed } = message.listing;
  const edges = read.every((path) => sent.has(path))
    ? edgesOf(linkImports(new Map(read.map((path) => [path, importsOf(path)])), listed), listed)
    : undefined;
  port.postMessage({ edges } satisfies FromIndexWorker, edges ? [edges.buffer as ArrayBuffer] : []);
  port.postMessage({ roles: detectRoles(listed) } satisfies FromIndexWorker);
});

function importsOf(path: string): FileImports | undefined {
  const json = imports.get(path);
  return json === undefined ? undefined : (JSON.parse(json) as FileImports);
}

function buffersOf(parts: IndexParts): ArrayBuffer[] {
  return Object.values(parts.postings).flatMap(({ starts, docs, counts }) =>
    [starts, docs, counts].map((array) => array.buffer as ArrayBuffer),
  );
}
