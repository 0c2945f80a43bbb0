// How the time and memory of snapshot + context grow with the repository's size, from 1,000 to 100,000 files. The
// repositories are made from one real repository's files (payloadcms/payload's, for instance): the first N of its
// files in path order, repeated under `c0/`, `c1/`... folders when N is larger than the repository, written as a
// gzip tarball with one top folder, as GitHub serves it. Each size runs in a fresh process (once.ts), so its peak
// memory is its own. Copies repeat the same tokens, so a real repository of the same size has more distinct
// terms: the larger sizes are a lower bound on the index's memory. The code measured is the compiled JavaScript
// (built first with bench/tsconfig.compiled.json), as `npm start` runs it: under tsx the process also holds tsx's
// compiler and source maps (100,000 files: 1,037 MB against 977 MB compiled, in one session on one machine).
//
//   npx tsx bench/context-timing/growth.ts --git-dir <payload.git> --ref <tree> [--sizes 1000,10000,30000,100000]
//     [--keep DIR]   (keeps each size's tarball in DIR, e.g. to profile once.ts --tarball on it)
//   (writes bench/context-timing/results/growth.json)
import { execFileSync } from "node:child_process";
import {
  createWriteStream,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";
import { createGzip } from "node:zlib";
import { x as extract, Header } from "tar";

const { values } = parseArgs({
  options: {
    "git-dir": { type: "string" },
    ref: { type: "string", default: "HEAD" },
    sizes: { type: "string", default: "1000,10000,30000,100000" },
    keep: { type: "string" },
  },
});
const gitDir = values["git-dir"];
if (!gitDir) throw new Error("--git-dir is required");
const sizes = (values.sizes ?? "").split(",").map(Number);
const work = mkdtempSync(join(tmpdir(), "growth-"));

try {
  const source = join(work, "source");
  mkdirSync(source);
  if (values.keep) mkdirSync(values.keep, { recursive: true });
  const archive = join(work, "source.tar");
  execFileSync("git", ["--git-dir", gitDir, "archive", "--format=tar", "-o", archive, values.ref ?? "HEAD"]);
  await extract({ file: archive, cwd: source });
  const files = listFiles(source);
  const once = buildOnce();
  const rows = [];
  for (const size of sizes) {
    const tarball = join(values.keep ?? work, `repo-${size}.tar.gz`);
    await writeTarball(source, files, size, tarball);
    const out = execFileSync(process.execPath, [once, "--tarball", tarball], {
      encoding: "utf8",
      maxBuffer: 16 * 1024 ** 2,
    });
    const result = JSON.parse(out.trim().split("\n").at(-1) ?? "{}");
    if (!values.keep) rmSync(tarball);
    process.stderr.write(`${size} files: ${JSON.stringify(result)}\n`);
    rows.push({ size, ...result });
  }
  const summary = {
    measuredAt: new Date().toISOString(),
    node: process.version,
    sourceFiles: files.length,
    rows,
  };
  const results = new URL("./results/", import.meta.url).pathname;
  mkdirSync(results, { recursive: true });
  writeFileSync(join(results, "growth.json"), `${JSON.stringify(summary, null, 2)}\n`);
  process.stdout.write(`${table(rows)}\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

/** Compiles the app and the timing scripts to .bench-build (npm run bench:build) and names the compiled once.js. */
function buildOnce(): string {
  const root = new URL("../../", import.meta.url).pathname;
  const tsc = join(root, "node_modules/typescript/bin/tsc");
  execFileSync(process.execPath, [tsc, "-p", join(root, "bench/tsconfig.compiled.json")], {
    stdio: "inherit",
  });
  return join(root, ".bench-build/bench/context-timing/once.js");
}

function listFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) found.push(relative(root, full).split(sep).join("/"));
    }
  };
  walk(root);
  return found.sort();
}

/** The first `size` files, repeated under copy folders as needed, as a gzip tarball under one top folder. */
async function writeTarball(root: string, files: string[], size: number, target: string): Promise<void> {
  async function* blocks() {
    for (let index = 0; index < size; index += 1) {
      const path = files[index % files.length] as string;
      const copy = Math.floor(index / files.length);
      const data = readFileSync(join(root, path));
      const header = new Header({
        path: `repo/c${copy}/${path}`,
        mode: 0o644,
        size: data.length,
        mtime: new Date(0),
        type: "File",
      });
      const block = Buffer.alloc(512);
      // A path over the header's 100 bytes would need a pax header: such files are left out of the sample.
      if (header.encode(block)) continue;
      yield block;
      yield data;
      const pad = (512 - (data.length % 512)) % 512;
      if (pad > 0) yield Buffer.alloc(pad);
    }
    yield Buffer.alloc(1024);
  }
  await pipeline(blocks(), createGzip(), createWriteStream(target));
}

function table(
  rows: { size: number; files?: number; timings?: Record<string, number>; peakRssMb?: number }[],
) {
  const stages = Object.keys(rows[0]?.timings ?? {});
  return [
    `| files | ${stages.join(" | ")} | peak RSS |`,
    `| --- | ${stages.map(() => "---").join(" | ")} | --- |`,
    ...rows.map(
      (row) =>
        `| ${row.files} | ${stages.map((stage) => `${row.timings?.[stage] ?? ""} ms`).join(" | ")} | ${row.peakRssMb} MB |`,
    ),
  ].join("\n");
}
