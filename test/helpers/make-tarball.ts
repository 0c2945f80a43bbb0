// Builds tar(.gz) archives entry by entry, including the malicious shapes real archivers refuse to write.
import { gzipSync } from "node:zlib";
import { Header } from "tar";

export interface TarEntry {
  path: string;
  type?: "File" | "Directory" | "SymbolicLink" | "Link";
  body?: string | Buffer;
  linkpath?: string;
}

export function makeTarball(entries: TarEntry[], gzip = true): Buffer {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const body = entry.body === undefined ? Buffer.alloc(0) : Buffer.from(entry.body);
    const type = entry.type ?? "File";
    const header = new Header({
      path: entry.path,
      type,
      size: type === "File" ? body.length : 0,
      mode: type === "Directory" ? 0o755 : 0o644,
      mtime: new Date("2026-01-01T00:00:00Z"),
      ...(entry.linkpath ? { linkpath: entry.linkpath } : {}),
    });
    const block = Buffer.alloc(512);
    header.encode(block, 0);
    blocks.push(block);
    if (type === "File" && body.length > 0) {
      blocks.push(body, Buffer.alloc((512 - (body.length % 512)) % 512));
    }
  }
  blocks.push(Buffer.alloc(1024));
  const tar = Buffer.concat(blocks);
  return gzip ? gzipSync(tar) : tar;
}

/** A GitHub-shaped tarball: every file under one `owner-repo-sha/` folder. */
export function githubTarball(files: Record<string, string>, top = "acme-web-0123abc"): Buffer {
  return makeTarball([
    { path: `${top}/`, type: "Directory" },
    ...Object.entries(files).map(([path, body]) => ({ path: `${top}/${path}`, body })),
  ]);
}
