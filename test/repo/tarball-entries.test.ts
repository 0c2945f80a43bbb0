import { describe, expect, it } from "vitest";
import { repositoryPath, skipReason } from "../../src/repo/tarball-entries.js";

const limits = { maxTotalBytes: 10_000_000, maxFiles: 1_000, maxFileBytes: 1_000_000 };

describe("skipReason", () => {
  it.each([
    ["big.json", 2_000_000, "too-large"],
    [".env", 10, "excluded"],
    ["lib\\x.ts", 10, "unwritable"],
    [`src/${"a".repeat(300)}.ts`, 10, "unwritable"],
    [`${Array.from({ length: 25 }, () => "d".repeat(200)).join("/")}/f.ts`, 10, "unwritable"],
    ["src/app.ts", 10, undefined],
    // Bytes of UTF-8 count, not characters: 85 three-byte characters make 255 bytes, 86 make 258.
    [`src/${"€".repeat(85)}`, 10, undefined],
    [`src/${"€".repeat(86)}`, 10, "unwritable"],
    [`src/${"😀".repeat(64)}`, 10, "unwritable"],
    [`${Array.from({ length: 17 }, () => "€".repeat(80)).join("/")}/f.ts`, 10, "unwritable"],
    [`${Array.from({ length: 16 }, () => "€".repeat(80)).join("/")}/f.ts`, 10, undefined],
  ])("%s (%i bytes): %s", (path, size, reason) => {
    expect(skipReason(path, size, "", { ...limits, exclude: (name) => name === ".env" })).toBe(reason);
  });
});

describe("repositoryPath", () => {
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
