// The tarball read into memory, under the rules of tarball-entries.ts.
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { readTarball, tarballSnapshot } from "../../src/repo/read-tarball.js";
import { ArchiveTooLargeError, UnsafeArchiveError } from "../../src/repo/tarball-entries.js";
import { gitArchiveTarball } from "../helpers/git-archive.js";
import { githubTarball, makeTarball } from "../helpers/make-tarball.js";

const options = {
  maxTotalBytes: 10_000_000,
  maxFiles: 1_000,
  maxFileBytes: 1_000_000,
  wanted: (path: string) => !path.endsWith(".png"),
};
const read = (
  archive: Buffer,
  overrides: Partial<typeof options> & { exclude?: (path: string) => boolean } = {},
) => readTarball(Readable.from(archive), { ...options, ...overrides });

const byPath = <T extends { path: string }>(files: T[]) =>
  [...files].sort((a, b) => (a.path < b.path ? -1 : 1));

describe("readTarball", () => {
  it("lists every file without GitHub's top folder and keeps the wanted texts, whole and decoded", async () => {
    // Several reads' worth, with multi-byte characters that may fall across chunk boundaries.
    const big = Array.from({ length: 8_000 }, (_, n) => `${n} é ${(n * 7_919) % 10_007}`).join("\n");
    const { files, texts } = await read(
      githubTarball({ "package.json": "{}", "docs/big.md": big, "logo.png": "png" }),
    );
    expect(byPath(files)).toEqual([
      { path: "docs/big.md", size: Buffer.byteLength(big) },
      { path: "logo.png", size: 3 },
      { path: "package.json", size: 2 },
    ]);
    expect(Object.fromEntries(texts)).toEqual({ "docs/big.md": big, "package.json": "{}" });
    const snapshot = tarballSnapshot({ files, texts }, "c0ffee");
    expect(await snapshot.readFile("docs/big.md")).toBe(big);
    expect(await snapshot.readFile("logo.png")).toBeUndefined();
    expect(await snapshot.readFile("../package.json")).toBeUndefined();
  });

  it("tells each kept file's bytes in order, and reads on only when its pace lets it", async () => {
    const big = Array.from({ length: 8_000 }, (_, n) => `${n} é ${(n * 7_919) % 10_007}`).join("\n");
    const archive = githubTarball({ "a.ts": "export const a = 1;", "b/é.md": big, "logo.png": "png" });
    const events: string[] = [];
    let asked: () => void = () => {};
    const firstAsk = new Promise<void>((resolve) => {
      asked = resolve;
    });
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let asks = 0;
    const reading = readTarball(Readable.from(archive), {
      ...options,
      sink: {
        add: (path, place) =>
          events.push(
            `${path}: ${Buffer.from(place.block, place.start, place.end - place.start).toString("utf8").length}`,
          ),
        // The first chunk waits for the gate; the others go on.
        pace: () => {
          asks += 1;
          if (asks > 1) return undefined;
          asked();
          return gate;
        },
      },
    });
    await firstAsk;
    // Turns of the event loop in which an unpaced read of this in-memory archive would have ended.
    for (let turn = 0; turn < 20; turn += 1) await new Promise((resolve) => setImmediate(resolve));
    events.push("released");
    release();
    const contents = await reading;
    expect(events).toEqual(["released", "a.ts: 19", `b/é.md: ${big.length}`]);
    expect([...contents.texts.keys()]).toEqual(["a.ts", "b/é.md"]);
  });

  it("refuses entries that would leave the repository", async () => {
    const archive = makeTarball([
      { path: "top/", type: "Directory" },
      { path: "top/../../escaped.txt", body: "pwned" },
    ]);
    await expect(read(archive)).rejects.toBeInstanceOf(UnsafeArchiveError);
  });

  it("never follows symbolic or hard links", async () => {
    const archive = makeTarball([
      { path: "top/", type: "Directory" },
      { path: "top/etc-passwd", type: "SymbolicLink", linkpath: "/etc/passwd" },
      { path: "top/hard", type: "Link", linkpath: "../../outside" },
      { path: "top/README.md", body: "# hi\n" },
    ]);
    const { files, texts } = await read(archive);
    expect(files.map((file) => file.path)).toEqual(["README.md"]);
    expect([...texts.keys()]).toEqual(["README.md"]);
  });

  it("lists files over the per-file cap and excluded files (secrets) without their text", async () => {
    const { files, texts } = await read(
      githubTarball({ "big.json": "x".repeat(2_000), ".env": "TOKEN=abc\n", "small.ts": "1" }),
      { maxFileBytes: 1_000, exclude: (path) => path === ".env" },
    );
    expect(byPath(files)).toEqual([
      { path: ".env", size: 10, skipped: "excluded" },
      { path: "big.json", size: 2_000, skipped: "too-large" },
      { path: "small.ts", size: 1 },
    ]);
    expect([...texts.keys()]).toEqual(["small.ts"]);
  });

  it("stops a decompression bomb and the size and count caps, naming the cap", async () => {
    const bomb = githubTarball({ "zeros.bin": "\0".repeat(30_000_000) });
    await expect(read(bomb, { maxFileBytes: 100_000_000, maxTotalBytes: 5_000_000 })).rejects.toThrow();
    const many = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`f${i}.txt`, "y".repeat(100)]));
    const tooMany = read(githubTarball(many), { maxFiles: 10 });
    await expect(tooMany).rejects.toBeInstanceOf(ArchiveTooLargeError);
    await expect(tooMany).rejects.toThrow("The repository has more than 10 files.");
    await expect(read(githubTarball(many), { maxTotalBytes: 1_000 })).rejects.toThrow(
      "The repository's files exceed 1000 bytes.",
    );
  });

  it("stops a tarball whose padding inflates past 200 times its compressed size, within the caps", async () => {
    // One small file, then 20 MB of zeros after the archive's end: no entry is over a cap, the ratio is.
    const padded = gzipSync(
      Buffer.concat([makeTarball([{ path: "repo/a.txt", body: "a" }], false), Buffer.alloc(20_000_000)]),
    );
    await expect(read(padded)).rejects.toThrow(/max decompression ratio exceeded: [\d.]+ > 200/);
  });

  it("fails, without hanging, when the download is cut off in the middle of a file", async () => {
    const random = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7919) % 251));
    const whole = githubTarball({ "data.txt": random.toString("latin1") });
    await expect(read(whole.subarray(0, whole.length / 2))).rejects.toThrow();
  });

  it("lists names a cache folder cannot hold without their text, and the second of two same paths not at all", async () => {
    const long = `src/${"a".repeat(300)}.ts`;
    const archive = gitArchiveTarball([
      { path: "lib/x.ts", body: "export const x = 1;\n" },
      { path: "lib\\x.ts", body: "export const y = 2;\n" },
      { path: long, body: "long name\n" },
      { path: "dup.ts", body: "first\n" },
      { path: "dup.ts", body: "second\n" },
    ]);
    const { files, texts } = await read(archive);
    const byPath = new Map(files.map((file) => [file.path, file]));
    expect(byPath.get("lib\\x.ts")?.skipped).toBe("unwritable");
    expect(byPath.get(long)?.skipped).toBe("unwritable");
    expect(files.filter((file) => file.path === "dup.ts")).toHaveLength(1);
    expect(texts.get("dup.ts")).toBe("first\n");
    expect(texts.get("lib/x.ts")).toBe("export const x = 1;\n");
  });

  it("keeps the first of a file and a folder of the same name, as a folder on disk would", async () => {
    const archive = makeTarball([
      { path: "top/", type: "Directory" },
      { path: "top/a", body: "a file\n" },
      { path: "top/a/b.ts", body: "under a file\n" },
      { path: "top/c/d.ts", body: "in c\n" },
      { path: "top/c", body: "a file named like the folder\n" },
      { path: "top/e.ts", body: "e\n" },
    ]);
    const { files, texts } = await read(archive);
    expect(files.filter((file) => file.skipped === "unwritable").map((file) => file.path)).toEqual([
      "a/b.ts",
      "c",
    ]);
    expect([...texts.keys()]).toEqual(["a", "c/d.ts", "e.ts"]);
  });
});
