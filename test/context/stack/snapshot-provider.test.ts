import { describe, expect, it } from "vitest";
import { snapshotProvider } from "../../../src/context/stack/snapshot-provider.js";
import { memorySnapshot } from "../../helpers/memory-snapshot.js";

const snapshot = memorySnapshot({
  "package.json": '{"name":"web"}',
  "src/app/page.tsx": "export default () => null;\n",
  "src/lib/db.ts": "export const db = {};\n",
});

describe("snapshotProvider", () => {
  it("lists each folder's files and subfolders from the snapshot's paths", async () => {
    const provider = await snapshotProvider(snapshot);
    expect(await provider.listDir("/")).toEqual([
      { name: "package.json", type: "file", fp: "/package.json" },
      { name: "src", type: "dir", fp: "/src" },
    ]);
    expect(await provider.listDir("/src/")).toEqual([
      { name: "app", type: "dir", fp: "/src/app" },
      { name: "lib", type: "dir", fp: "/src/lib" },
    ]);
    expect(await provider.listDir("//src//lib")).toEqual([
      { name: "db.ts", type: "file", fp: "/src/lib/db.ts" },
    ]);
    expect(await provider.listDir("/missing")).toEqual([]);
  });

  it("opens and sizes files through the snapshot, and knows nothing of files it does not hold", async () => {
    const provider = await snapshotProvider(snapshot);
    expect(await provider.open("/package.json")).toBe('{"name":"web"}');
    expect(await provider.open("src/lib/db.ts")).toBe("export const db = {};\n");
    expect(await provider.open("/.env")).toBeNull();
    expect(await provider.stat("/src/app/page.tsx")).toEqual({ size: 27 });
    expect(await provider.stat("/src")).toBeNull();
  });
});
