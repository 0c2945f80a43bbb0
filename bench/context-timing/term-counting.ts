// The index thread's own work on a real repository's texts, without the tarball or the thread around it: every
// readable text of a commit counted into term ids (TermCounter, as the index build counts a file's content), and
// each distinct token split and stemmed (tokenTerms, once per token per build). Prints JSON: each round's time.
//
//   npm run bench:build
//   node .bench-build/bench/context-timing/term-counting.js --git-dir <repo.git> --ref <tree> [--rounds 5]
//
// The texts are the commit's blobs the snapshot reads (not a secret, lockfile or binary by name; at most 512 KB),
// decoded as the snapshot decodes them. A fresh counter each round: every round learns the vocabulary again.
import { execFileSync } from "node:child_process";
import { parseArgs } from "node:util";
import { DEFAULT_MAX_INDEX_BYTES } from "../../src/context/commit-index.js";
import { indexTokens, tokenTerms } from "../../src/context/search-terms.js";
import { TermCounter } from "../../src/context/term-counter.js";
import { isSecretPath, readableByName } from "../../src/repo/path-rules.js";
import { isBinaryText } from "../../src/repo/text-arena.js";

const { values } = parseArgs({
  options: {
    "git-dir": { type: "string" },
    ref: { type: "string", default: "HEAD" },
    rounds: { type: "string", default: "5" },
  },
});
const gitDir = values["git-dir"];
if (!gitDir) throw new Error("--git-dir is required");
const git = (args: string[], input?: string) =>
  execFileSync("git", ["--git-dir", gitDir, ...args], { maxBuffer: 4 * 1024 ** 3, input });

const blobs = git(["ls-tree", "-r", "-l", "-z", values.ref ?? "HEAD"])
  .toString("utf8")
  .split("\0")
  .filter(Boolean)
  .map((line) => {
    const [meta, path] = line.split("\t") as [string, string];
    const [, type, id, size] = meta.split(/\s+/) as [string, string, string, string];
    return { path, type, id, size: Number(size) };
  })
  .filter(
    (blob) =>
      blob.type === "blob" &&
      blob.size <= DEFAULT_MAX_INDEX_BYTES &&
      !isSecretPath(blob.path) &&
      readableByName(blob.path),
  );
const batch = git(["cat-file", "--batch"], `${blobs.map((blob) => blob.id).join("\n")}\n`);
const texts: string[] = [];
for (let at = 0; at < batch.length; ) {
  const headerEnd = batch.indexOf(10, at);
  const size = Number(batch.toString("latin1", at, headerEnd).split(" ")[2]);
  const text = batch.toString("utf8", headerEnd + 1, headerEnd + 1 + size);
  if (!isBinaryText(text)) texts.push(text);
  at = headerEnd + 1 + size + 1;
}
const distinct = new Set<string>();
for (const text of texts) for (const token of indexTokens(text)) distinct.add(token);
// Copies, as the counter keeps them: a token sliced from a text would keep the text alive.
const tokens = [...distinct].map((token) => JSON.parse(JSON.stringify(token)) as string);

const rounds = Number(values.rounds);
const countMs: number[] = [];
const tokenTermsMs: number[] = [];
let vocabulary = 0;
for (let round = 0; round < rounds; round += 1) {
  const counter = new TermCounter();
  let start = performance.now();
  for (const text of texts) counter.count(text, () => {});
  countMs.push(Math.round(performance.now() - start));
  vocabulary = counter.vocabulary.size;
  start = performance.now();
  for (const token of tokens) tokenTerms(token);
  tokenTermsMs.push(Math.round(performance.now() - start));
}
const characters = texts.reduce((sum, text) => sum + text.length, 0);
process.stdout.write(
  `${JSON.stringify({ texts: texts.length, characters, distinctTokens: tokens.length, vocabulary, countMs, tokenTermsMs })}\n`,
);
