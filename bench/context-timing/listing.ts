// The listing of a commit read into memory: every path matched against the .gitignore files above it (and the
// configured patterns), secrets, lockfiles and binaries marked. Times `listFiles` of a fresh safe snapshot each
// round (what the first plan on a commit pays once). Prints JSON.
//
//   npm run bench:build
//   node .bench-build/bench/context-timing/listing.js --tarball <repo.tar.gz> [--rounds 5]
import { createReadStream } from "node:fs";
import { parseArgs } from "node:util";
import { readEnv } from "../../src/config/env.js";
import { planSettings } from "../../src/pipeline/plan-settings.js";
import { isSecretPath, readableByName } from "../../src/repo/path-rules.js";
import { readTarball, tarballSnapshot } from "../../src/repo/read-tarball.js";
import { safeSnapshot } from "../../src/repo/safe-snapshot.js";

const { values } = parseArgs({
  options: { tarball: { type: "string" }, rounds: { type: "string", default: "5" } },
});
if (!values.tarball) throw new Error("--tarball is required");
const settings = planSettings(readEnv({}), undefined);
const contents = await readTarball(createReadStream(values.tarball), {
  maxTotalBytes: 4 * 1024 ** 3,
  maxFiles: 200_000,
  maxFileBytes: settings.maxFileBytes,
  exclude: isSecretPath,
  wanted: readableByName,
});
const listingMs: number[] = [];
let listed = 0;
for (let round = 0; round < Number(values.rounds); round += 1) {
  const snapshot = safeSnapshot(tarballSnapshot(contents, "bench"), { maxFileBytes: settings.maxFileBytes });
  const start = performance.now();
  listed = (await snapshot.listFiles()).length;
  listingMs.push(Math.round(performance.now() - start));
}
process.stdout.write(`${JSON.stringify({ files: contents.files.length, listed, listingMs })}\n`);
