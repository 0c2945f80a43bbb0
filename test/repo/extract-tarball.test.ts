import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import {
  ArchiveTooLargeError,
  extractTarball,
  repositoryPath,
  UnsafeArchiveError,
} from "../../src/repo/extract-tarball.js";
import { gitArchiveTarball } from "../helpers/git-archive.js";
import { githubTarball, makeTarball } from "../helpers/make-tarball.js";

const limits = { maxTotalBytes: 10_000_000, maxFiles: 1_000, maxFileBytes: 1_000_000 };
const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "extract-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("extractTarball", () => {
  it("writes every file without GitHub's top folder and lists them with sizes", async () => {
    const dest = tempDir();
    const files = await extractTarball(
      Readable.from(githubTarball({ "package.json": "{}", "src/app/page.tsx": "export default 1;\n" })),
      dest,
      limits,
    );
    expect(files).toEqual([
      { path: "package.json", size: 2 },
      { path: "src/app/page.tsx", size: 18 },
    ]);
    expect(readFileSync(join(dest, "src/app/page.tsx"), "utf8")).toBe("export default 1;\n");
  });

  it("hands over the texts the caller wants as it writes them, whole and decoded, and only those", async () => {
    const dest = tempDir();
    const kept = new Map<string, string>();
    // Several reads' worth, with multi-byte characters that may fall across chunk boundaries.
    const big = Array.from({ length: 8_000 }, (_, n) => `${n} é ${(n * 7_919) % 10_007}`).join("\n");
    await extractTarball(
      Readable.from(
        githubTarball({ "src/a.ts": "export const a = 1;\n", "src/big.md": big, "logo.png": "png" }),
      ),
      dest,
      {
        ...limits,
        keepText: { wanted: (path) => !path.endsWith(".png"), onText: (path, text) => kept.set(path, text) },
      },
    );
    expect(kept).toEqual(
      new Map([
        ["src/a.ts", "export const a = 1;\n"],
        ["src/big.md", big],
      ]),
    );
    // Written as well: the cache serves later plans from the folder.
    expect(readFileSync(join(dest, "src/big.md"), "utf8")).toBe(big);
    expect(readFileSync(join(dest, "logo.png"), "utf8")).toBe("png");
  });

  it("refuses entries that would leave the folder", async () => {
    const dest = tempDir();
    const archive = makeTarball([
      { path: "top/", type: "Directory" },
      { path: "top/../../escaped.txt", body: "pwned" },
    ]);
    await expect(extractTarball(Readable.from(archive), join(dest, "repo"), limits)).rejects.toBeInstanceOf(
      UnsafeArchiveError,
    );
    expect(existsSync(join(dest, "escaped.txt"))).toBe(false);
  });

  it("never creates symbolic or hard links, so none can point outside", async () => {
    const dest = tempDir();
    const archive = makeTarball([
      { path: "top/", type: "Directory" },
      { path: "top/etc-passwd", type: "SymbolicLink", linkpath: "/etc/passwd" },
      { path: "top/hard", type: "Link", linkpath: "../../outside" },
      { path: "top/README.md", body: "# hi\n" },
    ]);
    const files = await extractTarball(Readable.from(archive), dest, limits);
    expect(files.map((f) => f.path)).toEqual(["README.md"]);
    expect(existsSync(join(dest, "etc-passwd"))).toBe(false);
    expect(existsSync(join(dest, "hard"))).toBe(false);
  });

  it("lists files over the per-file cap without writing them", async () => {
    const dest = tempDir();
    const files = await extractTarball(
      Readable.from(githubTarball({ "big.json": "x".repeat(2_000), "small.ts": "1" })),
      dest,
      { ...limits, maxFileBytes: 1_000 },
    );
    expect(files).toEqual([
      { path: "big.json", size: 2_000, skipped: "too-large" },
      { path: "small.ts", size: 1 },
    ]);
    expect(existsSync(join(dest, "big.json"))).toBe(false);
  });

  it("stops a decompression bomb", async () => {
    const dest = tempDir();
    const bomb = githubTarball({ "zeros.bin": "\0".repeat(30_000_000) });
    expect(bomb.length).toBeLessThan(100_000);
    await expect(
      extractTarball(Readable.from(bomb), dest, {
        ...limits,
        maxFileBytes: 100_000_000,
        maxTotalBytes: 5_000_000,
      }),
    ).rejects.toThrow();
  });

  it("stops at the total size and file count caps with an error that names the cap", async () => {
    const many = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`f${i}.txt`, "y".repeat(100)]));
    const tooMany = extractTarball(Readable.from(githubTarball(many)), tempDir(), {
      ...limits,
      maxFiles: 10,
    });
    await expect(tooMany).rejects.toBeInstanceOf(ArchiveTooLargeError);
    await expect(tooMany).rejects.toThrow("The repository has more than 10 files.");
    await expect(
      extractTarball(Readable.from(githubTarball(many)), tempDir(), { ...limits, maxTotalBytes: 1_000 }),
    ).rejects.toThrow("The repository's files exceed 1000 bytes.");
  });

  it("fails, without hanging, when the download is cut off in the middle of a file", async () => {
    const random = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7919) % 251));
    const whole = githubTarball({ "data.txt": random.toString("latin1") });
    await expect(
      extractTarball(Readable.from(whole.subarray(0, whole.length / 2)), tempDir(), limits),
    ).rejects.toThrow();
  });

  it("lists entries this file system cannot hold as not written, and goes on with the rest", async () => {
    const long = `src/${"a".repeat(300)}.ts`;
    const deep = `${Array.from({ length: 25 }, () => "d".repeat(200)).join("/")}/f.ts`;
    const archive = gitArchiveTarball([
      { path: "lib/x.ts", body: "export const x = 1;\n" },
      { path: "lib\\x.ts", body: "export const y = 2;\n" },
      { path: long, body: "long name\n" },
      { path: deep, body: "deep path\n" },
      { path: "src/z.ts", body: "export const z = 3;\n" },
    ]);
    const dest = tempDir();
    const files = await extractTarball(Readable.from(archive), dest, limits);
    const byPath = new Map(files.map((file) => [file.path, file]));
    expect(byPath.get("lib/x.ts")?.skipped).toBeUndefined();
    expect(byPath.get("lib\\x.ts")?.skipped).toBe("unwritable");
    expect(byPath.get(long)?.skipped).toBe("unwritable");
    expect(byPath.get(deep)?.skipped).toBe("unwritable");
    expect(readFileSync(join(dest, "lib/x.ts"), "utf8")).toBe("export const x = 1;\n");
    expect(readFileSync(join(dest, "src/z.ts"), "utf8")).toBe("export const z = 3;\n");
  });

  it("keeps the first of two entries with the same path and lists the path once", async () => {
    const archive = gitArchiveTarball([
      { path: "dup.ts", body: "first\n" },
      { path: "dup.ts", body: "second\n" },
      { path: "after.ts", body: "after\n" },
    ]);
    const dest = tempDir();
    const files = await extractTarball(Readable.from(archive), dest, limits);
    expect(files.map((file) => file.path).sort()).toEqual(["after.ts", "dup.ts"]);
    expect(readFileSync(join(dest, "dup.ts"), "utf8")).toBe("first\n");
  });

  it("lists a file whose folder is already a file, or whose name is already a folder, as not written", async () => {
    const archive = makeTarball([
      { path: "top/", type: "Directory" },
      { path: "top/a", body: "a file\n" },
      { path: "top/a/b.ts", body: "under a file\n" },
      { path: "top/c/d.ts", body: "in c\n" },
      { path: "top/c", body: "a file named like the folder\n" },
      { path: "top/e.ts", body: "e\n" },
    ]);
    const dest = tempDir();
    const files = await extractTarball(Readable.from(archive), dest, limits);
    // Writes run side by side, so which of each clashing pair is written first may vary: exactly one is.
    const skipped = files.filter((file) => file.skipped === "unwritable").map((file) => file.path);
    expect(skipped).toHaveLength(2);
    for (const pair of [
      ["a", "a/b.ts"],
      ["c/d.ts", "c"],
    ]) {
      const written = pair.filter((path) => !skipped.includes(path));
      expect(written).toHaveLength(1);
      expect(statSync(join(dest, written[0] ?? "")).isFile()).toBe(true);
    }
    expect(readFileSync(join(dest, "e.ts"), "utf8")).toBe("e\n");
  });

  it("never writes excluded files (secrets), and keeps what it writes readable by its owner only", async () => {
    const dest = join(tempDir(), "commit");
    const files = await extractTarball(
      Readable.from(githubTarball({ ".env": "TOKEN=abc\n", "src/app.ts": "1\n" })),
      dest,
      { ...limits, exclude: (path) => path === ".env" },
    );
    expect(files).toContainEqual({ path: ".env", size: 10, skipped: "excluded" });
    expect(existsSync(join(dest, ".env"))).toBe(false);
    expect(statSync(join(dest, "src")).mode & 0o777).toBe(0o700);
    expect(statSync(join(dest, "src/app.ts")).mode & 0o777).toBe(0o600);
  });

  it.each([
    ["acme-web-123/src/a.ts", "src/a.ts"],
    ["acme-web-123/", ""],
    ["acme-web-123/./b//c.ts", "b/c.ts"],
    ["/etc/passwd", undefined],
    ["acme-web-123/../x", undefined],
    ["C:/x", undefined],
    ["acme-web-123/..\\..\\x", undefined],
    ["acme-web-123/lib\\x.ts", "lib\\x.ts"],
  ])("maps the entry %j to %j", (entry, path) => {
    expect(repositoryPath(entry)).toBe(path);
  });
});
