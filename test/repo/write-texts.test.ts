import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { writeTexts } from "../../src/repo/write-texts.js";
import { arenaOf } from "../helpers/memory-snapshot.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("writeTexts", () => {
  it("writes the kept texts owner-only and lists every other file as not written", async () => {
    const dir = mkdtempSync(join(tmpdir(), "write-texts-"));
    dirs.push(dir);
    const files = await writeTexts(dir, {
      files: [
        { path: "src/a.ts", size: 2 },
        { path: "logo.png", size: 3 },
        { path: ".env", size: 4, skipped: "excluded" },
        { path: "big.json", size: 9, skipped: "too-large" },
      ],
      texts: arenaOf([["src/a.ts", "é\n"]]),
    });
    expect(files).toEqual([
      { path: "src/a.ts", size: 2 },
      { path: "logo.png", size: 3, skipped: "excluded" },
      { path: ".env", size: 4, skipped: "excluded" },
      { path: "big.json", size: 9, skipped: "too-large" },
    ]);
    expect(readdirSync(dir)).toEqual(["src"]);
    expect(readFileSync(join(dir, "src/a.ts"), "utf8")).toBe("é\n");
    expect(statSync(join(dir, "src")).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, "src/a.ts")).mode & 0o777).toBe(0o600);
  });

  it("lists a file whose path is too long under the cache folder as not written, and writes the others", async () => {
    const dir = mkdtempSync(join(tmpdir(), "write-texts-"));
    dirs.push(dir);
    // Under 4,096 bytes in the repository (the read keeps it), over it once under the cache folder.
    const deep = `${Array.from({ length: 20 }, () => "d".repeat(203)).join("/")}/f.ts`;
    const files = await writeTexts(dir, {
      files: [
        { path: deep, size: 5 },
        { path: "a.ts", size: 2 },
      ],
      texts: arenaOf([
        [deep, "deep\n"],
        ["a.ts", "a\n"],
      ]),
    });
    expect(files).toEqual([
      { path: deep, size: 5, skipped: "unwritable" },
      { path: "a.ts", size: 2 },
    ]);
    expect(readFileSync(join(dir, "a.ts"), "utf8")).toBe("a\n");
  });
});
