import fc from "fast-check";
import ignore from "ignore";
import { describe, expect, it } from "vitest";
import { ignoreLiterals, LiteralFilter } from "../../src/repo/ignore-literals.js";

describe("ignoreLiterals", () => {
  it("keeps plain names whole, a run each other ignoring rule needs, lower-cased; skips comments and negations", () => {
    const text =
      "# build output\ncoverage\n/.idea/*\n!/.idea/runConfigurations\n*.LOG\n\\#notes\n  \r\nfoo[0-9]barbaz\n[Dd]esktop.ini\n[[:alpha:]]x]yz[q\n";
    expect(ignoreLiterals(text)).toEqual({
      names: new Set(["coverage"]),
      parts: [".idea", ".log", "notes", "barbaz", "esktop.ini", "yz"],
    });
    expect(ignoreLiterals(["docs/api/", "**/generated/**", "Dist/", ".turbo", "..", "out "])).toEqual({
      names: new Set(["dist", ".turbo"]),
      parts: ["api", "generated", "..", "out"],
    });
    const filter = new LiteralFilter(ignoreLiterals("dist\n*.log\n"));
    const paths = ["src/dist/a.ts", "DIST", "a/b.LOG", "a/log/b", "distribution/a.ts"];
    expect(paths.map((path) => filter.mayMatch(path))).toEqual([true, true, true, false, false]);
  });

  it("gives up (every path may match) when an ignoring rule spells nothing out", () => {
    expect(ignoreLiterals("dist\n*\n")).toBeUndefined();
    expect(ignoreLiterals("**/?\n")).toBeUndefined();
    expect(ignoreLiterals("\t\n")).toBeUndefined();
    expect(new LiteralFilter(undefined).mayMatch("anything")).toBe(true);
  });

  it("never rules out a path the ignore library ignores, in any case, under any folder", () => {
    const piece = fc.constantFrom(
      "a",
      "B",
      "dist",
      "Dist",
      ".",
      "-",
      "_",
      "*",
      "**",
      "?",
      "/",
      "!",
      "#",
      " ",
      "\\",
      "[a-c]",
      "[!x]",
      "[",
      "]",
      "[[:alpha:]]",
      "[]a]",
      "\t",
      "\r",
      "\uFEFF",
      "é",
      "İ",
      "0",
    );
    const rule = fc.array(piece, { minLength: 1, maxLength: 6 }).map((parts) => parts.join(""));
    const segment = fc
      .array(
        fc.constantFrom(
          "a",
          "]",
          "[",
          "A",
          "b",
          "B",
          "dist",
          "DIST",
          ".",
          "-",
          "_",
          "#",
          "!",
          " ",
          "x",
          "é",
          "İ",
          "0",
          "*",
        ),
        {
          minLength: 1,
          maxLength: 4,
        },
      )
      .map((parts) => parts.join(""))
      .filter((name) => name !== "." && name !== ".." && name.trim() === name);
    const path = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join("/"));
    fc.assert(
      fc.property(
        fc.array(rule, { minLength: 1, maxLength: 5 }),
        fc.array(path, { minLength: 1, maxLength: 8 }),
        (rules, paths) => {
          // As a .gitignore's text, and as the configuration's list of patterns (read with other line ends).
          for (const patterns of [rules.join("\n"), rules]) {
            const matcher = ignore().add(patterns);
            const filter = new LiteralFilter(ignoreLiterals(patterns));
            for (const candidate of paths) {
              let ignored: boolean;
              try {
                ignored = matcher.ignores(candidate);
              } catch {
                continue;
              }
              // Asked twice: the second answer comes from the names the filter has seen.
              if (ignored)
                expect([filter.mayMatch(candidate), filter.mayMatch(candidate)]).toEqual([true, true]);
            }
          }
        },
      ),
      { numRuns: 3_000 },
    );
  });
});
