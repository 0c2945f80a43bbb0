// How well and how fast credentials are redacted: the secret corpus (caught / total, kinds), the look-alike corpus
// (intact / total), and throughput over a real tree of files, per rule set and in total.
//
//   npx tsx bench/secrets/redaction.ts [--dir node_modules] [--max-files 5000] [--runs 5] [--out bench/secrets/results/redaction.json]
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { parseArgs } from "node:util";
import { redactSecrets } from "../../src/repo/redact-secrets.js";
import { assignmentRules } from "../../src/repo/secret-rules/assignment-rules.js";
import { contextRules } from "../../src/repo/secret-rules/context-rules.js";
import {
  GITLEAKS_KEYWORDS,
  GITLEAKS_RULE_COUNT,
  GITLEAKS_SOURCE,
  gitleaksRules,
} from "../../src/repo/secret-rules/gitleaks-rules.js";
import { KeywordIndex } from "../../src/repo/secret-rules/keyword-index.js";
import type { SecretRule } from "../../src/repo/secret-rules/secret-span.js";
import { TOKEN_KEYWORDS, tokenRules } from "../../src/repo/secret-rules/token-rules.js";
import { lookAlikeCorpus } from "../../test/helpers/lookalike-corpus.js";
import { secretCorpus } from "../../test/helpers/secret-corpus.js";

const { values } = parseArgs({
  options: {
    dir: { type: "string", default: "node_modules" },
    "max-files": { type: "string", default: "5000" },
    runs: { type: "string", default: "5" },
    out: { type: "string", default: "bench/secrets/results/redaction.json" },
  },
});

// The extensions the context reads (build-context's TEXT_FILE) plus configuration formats.
const TEXT =
  /\.(m|c)?(t|j)sx?$|\.(py|rb|go|rs|php|java|kt|cs|ya?ml|toml|json|md|html?|css|sh|ini|properties|xml|tf|env)$/;

function corpusFigures() {
  const secrets = secretCorpus();
  const redacted = new Map(
    Object.entries(secrets.files).map(([path, text]) => [path, redactSecrets(text).text]),
  );
  const missed = secrets.credentials.filter(({ path, value }) => {
    const out = redacted.get(path) ?? "";
    return out.includes(value) || (value.length >= 16 && out.includes(value.slice(-12)));
  });
  const looks = lookAlikeCorpus();
  const broken = looks.lookAlikes.filter(
    ({ path, text }) => !redactSecrets(looks.files[path] ?? "").text.includes(text),
  );
  return {
    credentials: {
      caught: secrets.credentials.length - missed.length,
      total: secrets.credentials.length,
      types: new Set(secrets.credentials.map((credential) => credential.type)).size,
      placements: new Set(secrets.credentials.map((credential) => credential.kind)).size,
      files: Object.keys(secrets.files).length,
      missed: missed.map(({ kind, path }) => `${kind} in ${path}`),
    },
    lookAlikes: {
      intact: looks.lookAlikes.length - broken.length,
      total: looks.lookAlikes.length,
      broken: broken.map(({ kind, path }) => `${kind} in ${path}`),
    },
  };
}

function readTree(dir: string, maxFiles: number): { path: string; text: string }[] {
  const paths: string[] = [];
  const walk = (folder: string) => {
    for (const name of readdirSync(folder).sort()) {
      if (paths.length >= maxFiles) return;
      const path = join(folder, name);
      const stat = statSync(path);
      if (stat.isDirectory()) walk(path);
      else if (TEXT.test(name) && stat.size <= 512 * 1024) paths.push(path);
    }
  };
  walk(dir);
  return paths.map((path) => ({ path: relative(dir, path), text: readFileSync(path, "utf8") }));
}

/** Median over runs of the time one pass over all texts takes, in milliseconds. */
function timePass<T>(inputs: T[], pass: (input: T) => void, runs: number): number {
  const times: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const start = performance.now();
    for (const input of inputs) pass(input);
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)] ?? 0;
}

function throughput(dir: string, maxFiles: number, runs: number) {
  const files = readTree(dir, maxFiles);
  const texts = files.map((file) => file.text);
  const megabytes = texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0) / 1e6;
  // Each rule set timed alone over texts already lower-cased and keyword-scanned; the scan is its own line.
  const index = new KeywordIndex([...TOKEN_KEYWORDS, ...GITLEAKS_KEYWORDS]);
  const searches = texts.map((text) => {
    const lower = text.toLowerCase();
    return { text, lower, keywords: index.present(lower) };
  });
  const ruleSets: Record<string, SecretRule> = { tokenRules, gitleaksRules, contextRules, assignmentRules };
  const perRuleSetMs = Object.fromEntries([
    ["keywordScan", round(timePass(texts, (text) => index.present(text.toLowerCase()), runs))],
    ...Object.entries(ruleSets).map(([name, rule]) => [name, round(timePass(searches, rule, runs))]),
  ]);
  const totalMs = timePass(texts, (text) => redactSecrets(text), runs);
  const redactedFiles = texts.filter((text) => redactSecrets(text).found.length > 0).length;
  return {
    dir,
    files: files.length,
    megabytes: round(megabytes),
    totalMs: round(totalMs),
    megabytesPerSecond: round(megabytes / (totalMs / 1000)),
    msPerThousandFiles: round((totalMs / files.length) * 1000),
    perRuleSetMs,
    filesWithRedactions: redactedFiles,
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

const figures = corpusFigures();
const result = {
  measuredAt: new Date().toISOString(),
  node: process.version,
  rules: { gitleaks: GITLEAKS_SOURCE, gitleaksRules: GITLEAKS_RULE_COUNT },
  ...figures,
  throughput: throughput(values.dir ?? "node_modules", Number(values["max-files"]), Number(values.runs)),
};
writeFileSync(values.out ?? "bench/secrets/results/redaction.json", `${JSON.stringify(result, null, 2)}\n`);
const { credentials, lookAlikes, throughput: speed } = result;
console.log(
  [
    `credentials caught: ${credentials.caught}/${credentials.total} (${credentials.types} types, ${credentials.placements} placements, ${credentials.files} files)`,
    `look-alikes intact: ${lookAlikes.intact}/${lookAlikes.total}`,
    `throughput: ${speed.megabytesPerSecond} MB/s over ${speed.files} files (${speed.megabytes} MB) of ${speed.dir}; ${speed.msPerThousandFiles} ms per 1,000 files`,
    `per rule set (ms): ${JSON.stringify(speed.perRuleSetMs)}`,
  ].join("\n"),
);
