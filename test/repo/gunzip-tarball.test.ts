// The tarball inflated off the main thread, with the decompression-bomb guard node-tar had.
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { gunzipTarball } from "../../src/repo/gunzip-tarball.js";
import { readTarball } from "../../src/repo/read-tarball.js";
import { UnsafeArchiveError } from "../../src/repo/tarball-entries.js";
import { makeTarball } from "../helpers/make-tarball.js";

async function collect(chunks: Buffer[], maxRatio = 200): Promise<Buffer> {
  const out: Buffer[] = [];
  for await (const chunk of gunzipTarball(Readable.from(chunks), maxRatio)) out.push(chunk);
  return Buffer.concat(out);
}

/** `buffer` in pieces of `size` bytes, as a download arrives. */
function pieces(buffer: Buffer, size: number): Buffer[] {
  return Array.from({ length: Math.ceil(buffer.length / size) }, (_, i) =>
    buffer.subarray(i * size, (i + 1) * size),
  );
}

describe("gunzipTarball", () => {
  // Source-like text: compresses about as well as code does (a ratio of a few), not hundreds of times.
  const text = Buffer.from(
    Array.from({ length: 5_000 }, (_, i) => `export const value${i} = ${(i * 7919) % 104_729};\n`).join(""),
  );

  it("inflates gzip arriving in pieces of any size, the magic bytes split too", async () => {
    const gzipped = gzipSync(text);
    expect(
      (
        await collect(
          pieces(gzipped, 1)
            .slice(0, 1)
            .concat(pieces(gzipped.subarray(1), 333)),
        )
      ).equals(text),
    ).toBe(true);
    expect((await collect([gzipped])).equals(text)).toBe(true);
  });

  it("passes anything that is not gzip through as it is, a one-byte input too", async () => {
    expect((await collect(pieces(text, 1000))).equals(text)).toBe(true);
    expect((await collect([Buffer.from("x")])).toString()).toBe("x");
    expect((await collect([])).length).toBe(0);
  });

  it("stops a stream that inflates past the ratio long before its end", async () => {
    const bomb = gzipSync(Buffer.alloc(200_000_000));
    let inflated = 0;
    const read = (async () => {
      for await (const chunk of gunzipTarball(Readable.from(pieces(bomb, 16_384)), 200))
        inflated += chunk.length;
    })();
    await expect(read).rejects.toBeInstanceOf(UnsafeArchiveError);
    await expect(read).rejects.toThrow("more than 200 times its compressed size");
    expect(inflated).toBeLessThan(20_000_000);
  });

  it("fails on a download cut off in the middle, and on the download's own error", async () => {
    const gzipped = gzipSync(Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 7919) % 251)));
    await expect(collect([gzipped.subarray(0, gzipped.length / 2)])).rejects.toThrow();
    const broken = new Readable({
      read() {
        this.push(gzipped.subarray(0, 1_000));
        this.destroy(new Error("connection reset"));
      },
    });
    const read = (async () => {
      for await (const _ of gunzipTarball(broken, 200));
    })();
    await expect(read).rejects.toThrow("connection reset");
  });

  it("is how readTarball reads a repository: a tar whose padding inflates past the ratio is refused", async () => {
    const tar = makeTarball([{ path: "repo/a.txt", body: "a" }], false);
    const padded = gzipSync(Buffer.concat([tar, Buffer.alloc(20_000_000)]));
    await expect(
      readTarball(Readable.from(pieces(padded, 65_536)), {
        maxTotalBytes: 10_000_000,
        maxFiles: 100,
        maxFileBytes: 1_000_000,
        wanted: () => true,
      }),
    ).rejects.toThrow("more than 200 times its compressed size");
  });
});
