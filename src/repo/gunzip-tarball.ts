// A gzip tarball decompressed on libuv's worker threads (Node's zlib stream) instead of the main thread: node-tar
// inflates with minizlib, synchronously, which on payloadcms/payload was about a third of reading the tarball.
// node-tar's guard against decompression bombs comes along: the output may grow to at most `maxRatio` times the
// compressed bytes read so far. Anything that is not gzip passes through as it is.
import { once } from "node:events";
import { createGunzip } from "node:zlib";
import { UnsafeArchiveError } from "./tarball-entries.js";

const GZIP_MAGIC = Buffer.from([0x1f, 0x8b]);

export async function* gunzipTarball(
  source: AsyncIterable<Buffer>,
  maxRatio: number,
): AsyncGenerator<Buffer> {
  const input = source[Symbol.asyncIterator]();
  let head = Buffer.alloc(0);
  while (head.length < GZIP_MAGIC.length) {
    const next = await input.next();
    if (next.done) {
      if (head.length > 0) yield head;
      return;
    }
    head = Buffer.concat([head, next.value]);
  }
  if (!head.subarray(0, GZIP_MAGIC.length).equals(GZIP_MAGIC)) {
    yield head;
    for (let next = await input.next(); !next.done; next = await input.next()) yield next.value;
    return;
  }
  yield* inflate(head, input, maxRatio);
}

async function* inflate(
  head: Buffer,
  input: AsyncIterator<Buffer>,
  maxRatio: number,
): AsyncGenerator<Buffer> {
  const gunzip = createGunzip();
  let compressed = 0;
  let decompressed = 0;
  const feed = async () => {
    for (let chunk: Buffer | undefined = head; chunk; ) {
      compressed += chunk.length;
      if (!gunzip.write(chunk)) await Promise.race([once(gunzip, "drain"), once(gunzip, "close")]);
      if (gunzip.destroyed) return;
      const next = await input.next();
      chunk = next.done ? undefined : next.value;
    }
    gunzip.end();
  };
  // A failed download ends the output with its error; a consumer that stops early stops the download.
  const feeding = feed().catch((error: unknown) => gunzip.destroy(error as Error));
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      decompressed += chunk.length;
      if (decompressed / compressed > maxRatio)
        throw new UnsafeArchiveError(
          `The archive decompresses to more than ${maxRatio} times its compressed size (a decompression bomb).`,
        );
      yield chunk;
    }
  } finally {
    gunzip.destroy();
    void feeding;
    input.return?.()?.catch(() => undefined);
  }
}
