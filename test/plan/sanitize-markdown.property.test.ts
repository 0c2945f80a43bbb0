// Property: whatever hostile Markdown the model (or a configuration) writes, the sanitised text renders on GitHub
// with no foreign link, image, raw HTML, HTML comment, live mention, reference or autolink, and no app marker.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type SanitizeOptions, sanitizeMarkdown } from "../../src/plan/sanitize-markdown.js";
import { problemsIn, renderGfm } from "../helpers/rendered-safety.js";

const OPTIONS: SanitizeOptions = {
  allowedUrls: new Set(["https://acme.dev/spec"]),
  allowedPrefixes: ["https://github.com/acme/shop/"],
};

const FRAGMENTS = [
  "@octocat",
  "@acme/security-team",
  "&#64;octocat",
  "\\@octocat",
  "#1",
  "GH-1",
  "torvalds/linux#1",
  "acme/other@abc1234",
  "https://evil.example/x",
  "http://evil.example",
  "www.evil.example/phish",
  "WWW.evil.example",
  "ops@acme.io",
  "mailto:ops@acme.io",
  "![t](https://evil.example/p.png)",
  "[![t](https://evil.example/p.png)](https://evil.example/l)",
  "[www.evil.example/phish](https://evil.example/l)",
  "[spec](https://acme.dev/spec)",
  "[ci](https://github.com/acme/shop/actions)",
  "[up](https://github.com/acme/shop/../../evil)",
  "[x](/evil/repo)",
  "[x](javascript:alert(1))",
  '[t](https://github.com/acme/shop/ "@octocat")',
  "<img src=x onerror=alert(1)>",
  '<a title="@acme/security-team" href="https://evil.example">x</a>',
  "<details><summary>s</summary>",
  "</details>",
  "<script>alert(1)</script>",
  "<br>",
  "<!-- @octocat -->",
  "<!-- issue-planner:plan-end -->",
  "<!-- issue-planner:plan -->",
  "<!--",
  "-->",
  "[ref]: https://evil.example/r",
  "[x][ref]",
  "[ref]",
  "![i][ref]",
  "<https://evil.example/a>",
  "<ops@acme.io>",
  "[^1]",
  "[^1]: note @octocat",
  "| a | b |\n| - | - |\n| c | @d |",
  "`",
  "``",
  "```",
  "~~~",
  "*",
  "**",
  "_",
  "~~",
  "\\",
  "[",
  "]",
  "(",
  ")",
  "<",
  ">",
  "!",
  "&",
  "# ",
  "### ",
  "- [ ] ",
  "-   [x] ",
  "1. ",
  "> ",
  "    ",
  "\t",
  "---",
  "\u200B",
];
const SEPARATORS = ["", " ", "\n", "\n\n", "\n    ", "\n-   [ ] ", "**", "`"];

const hostileMarkdown = fc
  .array(
    fc.tuple(
      fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...FRAGMENTS) },
        { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
      ),
      fc.constantFrom(...SEPARATORS),
    ),
    { maxLength: 24 },
  )
  .map((parts) => parts.map(([fragment, separator]) => fragment + separator).join(""));

describe("sanitizeMarkdown on hostile Markdown", () => {
  it("renders with no foreign link, image, raw HTML, comment, live mention, reference, autolink or marker", () => {
    fc.assert(
      fc.property(hostileMarkdown, (markdown) => {
        const { markdown: safe } = sanitizeMarkdown(markdown, OPTIONS);
        expect(safe).not.toMatch(/<!--\s*issue-planner/i);
        expect(problemsIn(renderGfm(safe), OPTIONS)).toEqual([]);
      }),
      { numRuns: 1000 },
    );
  });
});
