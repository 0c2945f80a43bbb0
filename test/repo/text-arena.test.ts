// Texts held as UTF-8 bytes in shared blocks (a tarball's read), decoded when read.
import { describe, expect, it } from "vitest";
import { isBinaryText, TextArena } from "../../src/repo/text-arena.js";

/** `text` as chunks cut every `size` bytes, through multi-byte characters. */
const chunked = (text: string, size: number) => {
  const bytes = Buffer.from(text);
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
  return chunks;
};

describe("TextArena", () => {
  it("gives each text back whole whatever chunks it came in, across blocks, the first of a path kept", () => {
    const arena = new TextArena();
    const texts = new Map<string, string>();
    // 12 MB of 3 MB files (each a block of its own) and 11 MB of small ones (filling 8 MB blocks to their end).
    for (let n = 0; n < 4; n += 1) texts.set(`large/${n}.txt`, `${n}€ `.repeat(750_000));
    for (let n = 0; n < 3_000; n += 1)
      texts.set(`small/${n}.ts`, `export const é${n} = "${"x".repeat((n * 3) % 8_000)}";\n`);
    texts.set("empty.txt", "");
    for (const [path, text] of texts) arena.add(path, chunked(text, 1_000 + (text.length % 7)));
    arena.add("empty.txt", [Buffer.from("a second file of the same path")]);
    expect(arena.size).toBe(texts.size);
    expect([...arena.keys()]).toEqual([...texts.keys()]);
    for (const [path, text] of texts) expect(arena.get(path)).toBe(text);
    expect(new Map(arena)).toEqual(texts);
    const blocks = new Set([...texts.keys()].map((path) => arena.place(path)?.block));
    expect(blocks.size).toBeGreaterThanOrEqual(6);
    expect(arena.get("missing.ts")).toBeUndefined();
    // A subset, in the order asked, without paths the arena does not hold.
    const some = arena.only(["small/7.ts", "missing.ts", "large/1.txt"]);
    expect([...some.keys()]).toEqual(["small/7.ts", "large/1.txt"]);
    expect(some.get("large/1.txt")).toBe(texts.get("large/1.txt"));
    expect(some.has("small/8.ts")).toBe(false);
    expect(some.get("small/8.ts")).toBeUndefined();
  });

  it("gives a text's first characters as the whole text's would be cut, decoding only their bytes", () => {
    const arena = new TextArena();
    const texts = {
      ascii: "a".repeat(5_000),
      threeBytes: "€".repeat(5_000),
      pairs: "😀".repeat(5_000),
      short: "é😀",
      invalid: "",
    };
    for (const [path, text] of Object.entries(texts)) arena.add(path, [Buffer.from(text)]);
    // Bytes that are not UTF-8: each is decoded as a replacement character, cut or not.
    arena.add("bytes", [
      Buffer.from([0xff, 0xe2, 0x82, 0x41, 0xf0, 0x9f, 0x98, ...Buffer.from("€".repeat(2_000))]),
    ]);
    for (const path of [...Object.keys(texts), "bytes"])
      for (const chars of [1, 2, 3, 999, 1_000, 1_001, 10_000])
        expect(arena.head(path, chars)).toBe(arena.get(path)?.slice(0, chars));
    const pairs = arena.only(["pairs"]);
    expect(pairs.head("pairs", 3)).toBe("😀\ud83d");
    expect(pairs.head("ascii", 3)).toBeUndefined();
    expect(arena.head("missing", 10)).toBeUndefined();
  });

  it("finds an ASCII string in a text as the decoded text's includes does, malformed UTF-8 included", () => {
    const arena = new TextArena();
    const samples: Record<string, Buffer> = {
      plain: Buffer.from("export function duplicateDoc() {}"),
      multibyte: Buffer.from("const é = «duplicate»; // 😀"),
      // A lead byte cut short, a lone continuation byte and an overlong NUL: each decodes to U+FFFD, and the ASCII
      // bytes after them stay what they are.
      malformed: Buffer.concat([
        Buffer.from([0xe2, 0x82]),
        Buffer.from("dup"),
        Buffer.from([0x80, 0xc0, 0x80]),
        Buffer.from("licate"),
      ]),
      empty: Buffer.alloc(0),
    };
    for (const [path, bytes] of Object.entries(samples)) arena.add(path, [bytes]);
    const subset = arena.only(["plain", "malformed"]);
    for (const needle of ["duplicate", "dup", "licate", "«duplicate»", "é", "\u{fffd}dup", "}", ""]) {
      for (const path of [...Object.keys(samples), "missing"]) {
        const decoded = arena.get(path);
        expect(arena.includesAscii(path, needle), `${path} ${needle}`).toBe(
          decoded?.includes(needle) ?? false,
        );
        expect(subset.includesAscii(path, needle)).toBe(subset.get(path)?.includes(needle) ?? false);
      }
    }
    expect(arena.includesAscii("malformed", "duplicate")).toBe(false);
    expect(arena.includesAscii("plain", "duplicate")).toBe(true);
  });

  it("finds a binary text as the check on its decoded text does: a NUL among its first 8,000 characters", () => {
    const cases = {
      "NUL at the start": "\u0000abc",
      "no NUL": "plain text ".repeat(2_000),
      "NUL at character 7,999 after three-byte characters": `${"€".repeat(7_999)}\u0000`,
      "NUL at character 8,000 after three-byte characters": `${"€".repeat(8_000)}\u0000`,
      "NUL at character 8,000 after ASCII": `${"a".repeat(8_000)}\u0000`,
      "NUL at character 7,999 after four-byte characters": `${"😀".repeat(3_999)}a\u0000`,
      "NUL past the probe's bytes": `${"😀".repeat(9_000)}\u0000`,
    };
    const arena = new TextArena();
    const found: Record<string, boolean> = {};
    for (const [name, text] of Object.entries(cases)) {
      arena.add(name, [Buffer.from(text)]);
      found[name] = arena.isBinary(name);
      expect(found[name]).toBe(isBinaryText(text));
    }
    expect(Object.values(found)).toEqual([true, false, true, false, false, true, false]);
    expect(arena.isBinary("missing")).toBe(false);
  });
});
