// Lets @specfy/stack-analyser read any snapshot (tarball cache, trees API, local checkout) through the safe
// snapshot, so detection never opens a secret and works without the files being on disk.
import type { BaseProvider, ProviderFile } from "@specfy/stack-analyser";
import type { RepoSnapshot } from "../../repo/repo-snapshot.js";
import { TimeSlices } from "../../time-slices.js";

export async function snapshotProvider(snapshot: RepoSnapshot): Promise<BaseProvider> {
  const files = await snapshot.listFiles();
  const children = new Map<string, Map<string, ProviderFile>>();
  const sizes = new Map<string, number>();
  const add = (dir: string, entry: ProviderFile) => {
    const list = children.get(dir) ?? new Map<string, ProviderFile>();
    list.set(entry.name, entry);
    children.set(dir, list);
  };
  // The analyser visits every folder, and a snapshot in memory answers at once: without a turn for the event loop
  // between folders, detection on a large repository is one unbroken run (time-slices.ts).
  const slices = new TimeSlices();
  for (const file of files) {
    if (slices.due()) await slices.next();
    sizes.set(`/${file.path}`, file.size);
    // Each folder on the way and the file itself, as (folder, entry): ("/", "a"), ("/a", "b"), ("/a/b", "c.ts").
    const names = file.path.split("/");
    let dir = "/";
    for (const [at, name] of names.entries()) {
      const fp = dir === "/" ? `/${name}` : `${dir}/${name}`;
      add(dir, { name, type: at === names.length - 1 ? "file" : "dir", fp });
      dir = fp;
    }
  }
  return {
    basePath: "/",
    listDir: async (path) => {
      if (slices.due()) await slices.next();
      return [...(children.get(normalize(path))?.values() ?? [])];
    },
    open: async (path) => (await snapshot.readFile(normalize(path).slice(1))) ?? null,
    stat: async (path) => {
      const size = sizes.get(normalize(path));
      return size === undefined ? null : { size };
    },
  };
}

function normalize(path: string): string {
  const clean = `/${path}`.replace(/\/+/g, "/").replace(/\/$/, "");
  return clean === "" ? "/" : clean;
}
