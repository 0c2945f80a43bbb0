// The corpus of realistic model outputs: each with the findings expected and the plan the app would post
// after its mechanical repair (the state once the model's repair rounds are used up).
import { readdirSync, readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { loadRepoFacts } from "../../src/pipeline/load-repo-facts.js";
import { MAX_COMMENT_CHARS } from "../../src/plan/compose-plan-comment.js";
import { parsePlanMarkdown } from "../../src/plan/parse-plan-markdown.js";
import type { RepoFacts } from "../../src/plan/repo-facts.js";
import { openLocalSnapshot } from "../../src/repo/local-snapshot.js";
import { type CorpusResult, runCorpusCase } from "../helpers/plan-corpus.js";

const dir = new URL("../fixtures/plans/", import.meta.url);
const cases = readdirSync(dir)
  .filter((name) => name.endsWith(".expected.json"))
  .map((name) => name.replace(".expected.json", ""));
const read = (name: string) => readFileSync(new URL(name, dir), "utf8");

// runCorpusCase is pure, and the over-long case takes seconds (each round of dropping steps to fit sanitises the
// whole plan again): each input is run once for the whole file.
const results = new Map<string, CorpusResult>();
function run(markdown: string): CorpusResult {
  const known = results.get(markdown);
  if (known) return known;
  const result = runCorpusCase(markdown, facts);
  results.set(markdown, result);
  return result;
}

let facts: RepoFacts;
beforeAll(async () => {
  facts = await loadRepoFacts(
    await openLocalSnapshot(new URL("../fixtures/repos/nextjs-prisma", import.meta.url).pathname),
  );
});

describe("plan corpus", () => {
  it("covers the kinds of bad output models write", () => {
    expect(cases).toEqual(
      expect.arrayContaining([
        "good",
        "preamble-fenced",
        "phases-missing-and-out-of-order",
        "checked-boxes",
        "invented-paths",
        "invented-scripts",
        "injected-mentions-html",
        "over-long",
        "flat-list",
        "unreadable",
      ]),
    );
  });

  it.each(cases)("%s: reports the expected findings and posts the expected repaired plan", (name) => {
    const expected = JSON.parse(read(`${name}.expected.json`)) as {
      findings: string[];
      repaired: string | null;
    };
    const result = run(read(`${name}.md`));
    expect(result.findings).toEqual(expected.findings);
    if (expected.repaired) expect(result.repaired).toBe(read(expected.repaired));
    if (result.repaired) {
      // Whatever came in, what is posted is a well-formed plan that claims nothing the repository lacks.
      expect(parsePlanMarkdown(result.repaired).findings).toEqual([]);
      expect(run(result.repaired).findings.filter((f) => f.startsWith("ground/"))).toEqual([]);
    }
  });

  it("over-long: posts a body within GitHub's limit that says steps were left out", () => {
    const { body } = run(read("over-long.md"));
    expect(body?.length).toBeLessThanOrEqual(MAX_COMMENT_CHARS);
    expect(body).toMatch(/_\d+ steps were left out at the end to fit GitHub's comment size limit\._/);
  });

  it("unreadable: has nothing to post", () => {
    expect(run(read("unreadable.md")).body).toBeNull();
  });
});
