import { describe, expect, it } from "vitest";
import { safeSnapshot } from "../../src/repo/safe-snapshot.js";
import { WarmSnapshots } from "../../src/repo/warm-snapshots.js";
import { memorySnapshot } from "../helpers/memory-snapshot.js";

const open = () => safeSnapshot(memorySnapshot({ "a.ts": "export const a = 1;\n" }), { maxFileBytes: 1024 });

describe("WarmSnapshots", () => {
  it("gives the kept snapshot for the same key and opens one for a new key", () => {
    const warm = new WarmSnapshots(2);
    const first = warm.get("repo@1", open);
    expect(warm.get("repo@1", open)).toBe(first);
    expect(warm.get("repo@2", open)).not.toBe(first);
  });

  it("forgets the least recently used commit beyond its capacity", () => {
    const warm = new WarmSnapshots(2);
    const one = warm.get("repo@1", open);
    const two = warm.get("repo@2", open);
    warm.get("repo@1", open);
    warm.get("repo@3", open);
    expect(warm.get("repo@1", open)).toBe(one);
    expect(warm.get("repo@2", open)).not.toBe(two);
  });
});
