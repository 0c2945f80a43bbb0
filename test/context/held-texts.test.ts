// A commit read from a tarball keeps its texts as UTF-8 bytes (text-arena.ts): ranking and packing decode the files
// they read and keep none of them as strings, but for the redacted texts of the files a context shows.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { buildContext } from "../../src/context/build-context.js";
import { tarballSnapshot } from "../../src/repo/read-tarball.js";
import { safeSnapshot } from "../../src/repo/safe-snapshot.js";
import { TextArena } from "../../src/repo/text-arena.js";
import { memorySnapshot } from "../helpers/memory-snapshot.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/**
 * 60 files the issue is not about, of 200,000 characters with some outside Latin-1 (400 KB each as strings: under
 * the index's size cap, and under the size Node keeps a decoded string outside the heap), and the one it is about.
 */
function repository(): Map<string, string> {
  const files = new Map<string, string>();
  for (let n = 0; n < 60; n += 1)
    files.set(`docs/prices/${n}.md`, `Preise ${n}: ${"Straße 9 € ".repeat(18_200)}`);
  files.set(
    "src/invoices.ts",
    "export function exportInvoicesCsv(rows: string[]) {\n  return rows.join(',');\n}\n",
  );
  return files;
}

const issue = { title: "Export invoices as CSV", body: "`exportInvoicesCsv` drops the header row." };
const options = { budget: 4_000, model: "gpt-4o" };

describe("texts held as bytes", () => {
  it("builds the same context as files read one by one, holding no file's text as a string afterwards", async () => {
    const arena = new TextArena();
    const listing: { path: string; size: number }[] = [];
    for (const [path, text] of repository()) {
      const bytes = Buffer.from(text);
      arena.add(path, [bytes]);
      listing.push({ path, size: bytes.length });
    }
    const snapshot = safeSnapshot(tarballSnapshot({ files: listing, texts: arena }, "c0ffee"), {
      maxFileBytes: 4 << 20,
    });
    gc();
    const before = process.memoryUsage().heapUsed;
    const held = await buildContext(snapshot, issue, options);
    // V8 keeps the last regular expression's subject (RegExp.input): another match lets the text go.
    /x/.exec("x");
    gc();
    const keptMb = (process.memoryUsage().heapUsed - before) / 2 ** 20;
    // Held as strings, the texts would be 24 MB (the snapshot keeps its commit's index for the next issue).
    expect(keptMb).toBeLessThan(8);
    expect(await snapshot.listFiles()).toHaveLength(61);
    expect(held.files.map((file) => file.path)).toContain("src/invoices.ts");
    const oneByOne = await buildContext(
      safeSnapshot(memorySnapshot(repository(), "c0ffee"), { maxFileBytes: 4 << 20 }),
      issue,
      options,
    );
    expect(held.text).toBe(oneByOne.text);
  });
});
