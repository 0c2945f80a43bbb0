import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { extractedSnapshot } from "../../src/repo/extracted-snapshot.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function extracted() {
  const dir = mkdtempSync(join(tmpdir(), "extracted-"));
  dirs.push(dir);
  mkdirSync(join(dir, "src"));
  writeFileSync(join(dir, "src", "a.ts"), "export const a = 1;\n");
  writeFileSync(join(dir, "outside.txt"), "not listed");
  const files = [
    { path: "src/a.ts", size: 20 },
    { path: "big.bin", size: 10_000_000, skipped: "too-large" as const },
  ];
  return { dir, snapshot: extractedSnapshot(dir, files, "c0ffee") };
}

describe("extractedSnapshot", () => {
  it("lists what the extraction listed and reads the files it wrote", async () => {
    const { snapshot } = extracted();
    expect(snapshot.commit).toBe("c0ffee");
    expect(await snapshot.listFiles()).toEqual([
      { path: "src/a.ts", size: 20 },
      { path: "big.bin", size: 10_000_000 },
    ]);
    expect(await snapshot.readFile("src/a.ts")).toBe("export const a = 1;\n");
  });

  it("reads nothing the listing does not hold as written: skipped, unlisted or escaping paths", async () => {
    const { snapshot } = extracted();
    expect(await snapshot.readFile("big.bin")).toBeUndefined();
    expect(await snapshot.readFile("outside.txt")).toBeUndefined();
    expect(await snapshot.readFile("../outside.txt")).toBeUndefined();
  });

  it("answers undefined once the cache removed the folder", async () => {
    const { dir, snapshot } = extracted();
    rmSync(dir, { recursive: true, force: true });
    expect(await snapshot.readFile("src/a.ts")).toBeUndefined();
  });
});
