// The index counts a file's terms by id: the same terms, as often, as splitting the file's text with its separators
// made spaces would find, whatever the text and however many texts the counter has seen before.
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { searchTerms, tokenTerms } from "../../src/context/search-terms.js";
import { hashOf, TermCounter, TokenTable } from "../../src/context/term-counter.js";

// Each distinct token is split once per counter: the calls are counted.
vi.mock("../../src/context/search-terms.js", async (original) => {
  const actual = await original<typeof import("../../src/context/search-terms.js")>();
  return { ...actual, tokenTerms: vi.fn(actual.tokenTerms) };
});

/** How the index read a document before: dots, slashes, backslashes and dashes made spaces, then split. */
function countedAfterCopy(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const term of searchTerms(text.replace(/[/.\\-]/g, " ")))
    counts.set(term, (counts.get(term) ?? 0) + 1);
  return counts;
}

/** The counter's counts of one text, by term. */
function counted(counter: TermCounter, text: string): Map<string, number> {
  const found: [number, number][] = [];
  const distinct = counter.count(text, (id, count) => found.push([id, count]));
  const terms = new Map([...counter.vocabulary].map(([term, id]) => [id, term]));
  expect(distinct).toBe(found.length);
  expect(new Set(found.map(([id]) => id)).size).toBe(found.length);
  return new Map(found.map(([id, count]) => [terms.get(id) as string, count]));
}

describe("TermCounter", () => {
  it("counts the terms of the text read with its separators as spaces, without copying it", () => {
    const counter = new TermCounter();
    for (const text of [
      "GET /api/v1.404 returns 404; 500-errors at 1.500 and 404.5, see lib/handler.204.ts:503 or 302\\301",
      "getUserById(user_id) -> UserService.findOne; $scope.$apply 200 201: 202",
      "getUserById getUserById user the the",
      "",
    ])
      expect(counted(counter, text)).toEqual(countedAfterCopy(text));
  });

  it("counts as the copy would for any text of code, numbers and separators, one counter for every text", () => {
    const pieces = ["a", "Z", "_", "$", "1", "4", "0", "5", "9", ".", "/", "\\", "-", ":", " ", "\n", "é"];
    const words = ["Get", "404", "2.0", "user", "Users", "getUser", "HTTPServer", "the", "caching", "id"];
    const counter = new TermCounter();
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces, ...words), { maxLength: 60 }), (parts) => {
        const text = parts.join("");
        expect(counted(counter, text)).toEqual(countedAfterCopy(text));
      }),
      { numRuns: 2_000 },
    );
  });

  it("keeps counting right past its first table of ids and after its token cache is cleared", () => {
    // A cache of 1,000 tokens, cleared five times over; 6,000 distinct tokens give more term ids than the first
    // counts table holds (4,096).
    const counter = new TermCounter(1_000);
    const batch = (from: number) =>
      Array.from({ length: 1_200 }, (_, at) => `alpha${from + at} betaGamma${(from + at) % 7}`).join(" ");
    for (let from = 0; from < 6_000; from += 1_200) {
      const text = batch(from);
      expect(counted(counter, text)).toEqual(countedAfterCopy(text));
    }
    expect(counter.vocabulary.size).toBeGreaterThan(6_000);
  });
});

describe("TermCounter's table of tokens", () => {
  it("tells apart tokens that share a start, an end or a length, and counts tokens too long to keep", () => {
    const counter = new TermCounter();
    const long = `${"x".repeat(299)}A`;
    const text = [
      "userId userIds userid UserId userId_ _userId",
      long,
      `${long.slice(0, -1)}B`,
      long,
      "ab ba abc cab 😀getUser𝒳id\u{10FFFF}x9 404😀 é404 \ud800503",
    ].join(" ");
    for (let round = 0; round < 3; round += 1) expect(counted(counter, text)).toEqual(countedAfterCopy(text));
  });

  it("grows its table and its characters past their first sizes and still finds every token", () => {
    const counter = new TermCounter();
    // 40,000 distinct tokens (more than the first table's half) of 9 to 13 characters: 400,000 characters kept.
    const text = Array.from({ length: 40_000 }, (_, at) => `tok${at.toString(36)}Ends${at % 10}`).join(" ");
    const first = counted(counter, text);
    expect(first).toEqual(countedAfterCopy(text));
    const splits = vi.mocked(tokenTerms).mock.calls.length;
    expect(counted(counter, text)).toEqual(first);
    // Found in the table, not split again.
    expect(vi.mocked(tokenTerms).mock.calls.length).toBe(splits);
  });

  it("tells apart tokens of the same length and hash", () => {
    expect(hashOf("tok18xq", 0, 7)).toBe(hashOf("tok1avf", 0, 7));
    const counter = new TermCounter();
    const text = "tok18xq tok1avf tok1avf";
    for (let round = 0; round < 2; round += 1) expect(counted(counter, text)).toEqual(countedAfterCopy(text));
  });
});

describe("TokenTable", () => {
  // Tokens a repository could hold to pile up on one slot of the first table (65,536 slots): the hash is public.
  const pileUp = (count: number) => {
    const tokens: string[] = [];
    for (let at = 0; tokens.length < count; at += 1) {
      const token = `pile${at.toString(36)}`;
      if ((hashOf(token, 0, token.length) & 0xffff) === 0x1234) tokens.push(token);
    }
    return tokens;
  };

  it("keeps no token further than 32 slots from its own, and looks no further for one", () => {
    const table = new TokenTable(1_000);
    const tokens = pileUp(40);
    expect(tokens.map((token, at) => table.set(token, at))).toEqual(tokens.map((_, at) => at < 32));
    for (const [at, token] of tokens.entries())
      expect(table.find(token, 0, token.length, hashOf(token, 0, token.length))).toBe(
        at < 32 ? at : undefined,
      );
    // Those not kept are counted right all the same, split wherever they occur.
    const counter = new TermCounter();
    const text = [...tokens, ...tokens].join(" ");
    expect(counted(counter, text)).toEqual(countedAfterCopy(text));
  });

  it("empties itself before it holds more characters or tokens than it may", () => {
    const table = new TokenTable(1_000, 30);
    for (const [at, token] of ["alphaAlpha", "betaBetaBe", "gammaGamma"].entries()) table.set(token, at);
    expect(table.size).toBe(3);
    table.set("deltaDelta", 3);
    expect(table.size).toBe(1);
    expect(table.find("alphaAlpha", 0, 10, hashOf("alphaAlpha", 0, 10))).toBeUndefined();
    expect(table.find("deltaDelta", 0, 10, hashOf("deltaDelta", 0, 10))).toBe(3);
    const few = new TokenTable(2);
    for (const [at, token] of ["one1", "two2", "three3"].entries()) few.set(token, at);
    expect(few.size).toBe(1);
  });
});
