import { describe, expect, it } from "vitest";
import { codeSpan } from "../../src/markdown-literal.js";
import { defusePlainText } from "../../src/plan/defuse-text.js";
import { inlineText, type SanitizeOptions, sanitizeMarkdown } from "../../src/plan/sanitize-markdown.js";
import { problemsIn, renderGfm } from "../helpers/rendered-safety.js";

const OPTIONS: SanitizeOptions = {
  allowedUrls: new Set(["https://acme.dev/spec"]),
  allowedPrefixes: ["https://github.com/acme/shop/"],
};
const sanitize = (markdown: string, options: SanitizeOptions = OPTIONS) =>
  sanitizeMarkdown(markdown, options).markdown;
/** What the sanitised Markdown shows on GitHub, and what in it would be unsafe to post. */
const posted = (markdown: string) => {
  const html = renderGfm(sanitize(markdown));
  return { html, problems: problemsIn(html, OPTIONS) };
};
const PLAN = "### Implementation Plan: X\n\nDoes X.\n\n#### Phase 1: Data Layer & Schema\n-   [ ] **1.1. Y**";

describe("sanitizeMarkdown", () => {
  it("leaves a clean plan unchanged", () => {
    expect(sanitize(PLAN)).toBe(PLAN);
    expect(sanitize(`${PLAN}\n    -   [x] Open \`src/a.ts\`.\n`)).toBe(
      `${PLAN}\n    -   [x] Open \`src/a.ts\`.\n`,
    );
  });

  it("breaks user and team mentions and leaves code as written", () => {
    const out = sanitize("Ask @octocat and @acme/platform; `@Injectable()`");
    expect(out).toBe("Ask @\u200Boctocat and @\u200Bacme/platform; `@Injectable()`");
  });

  it("shows e-mail addresses and bare URLs as code, where GitHub links nothing", () => {
    expect(sanitize("Mail ops@acme.io or see https://evil.example/raw and www.evil.example")).toBe(
      "Mail `ops@acme.io` or see `https://evil.example/raw` and `www.evil.example`",
    );
  });

  it("removes links nobody provided, keeping their words, and keeps the ones the repository gave", () => {
    const out = sanitize(
      "Read [the docs](https://evil.example/x), see [spec](https://acme.dev/spec), [file](src/a.ts) and [ci](https://github.com/acme/shop/actions).",
    );
    expect(out).toBe(
      "Read the docs, see [spec](https://acme.dev/spec), [file](src/a.ts) and [ci](https://github.com/acme/shop/actions).",
    );
  });

  it("does not let a link leave the repository through `..`, a root path or a backslash", () => {
    for (const url of [
      "https://github.com/acme/shop/../../evil/x",
      "/evil/repo",
      "../../evil",
      "/\\evil.example",
    ])
      expect(sanitize(`[x](${url})`)).toBe("x");
  });

  it("replaces a linked image by its description, with neither the image nor the link", () => {
    const { html, problems } = posted("[![t](https://evil.example/p.png)](https://evil.example/l)");
    expect(html).toBe("<p>(image not shown: t)</p>");
    expect(problems).toEqual([]);
  });

  it("shows raw HTML and forged markers inside a link label as text", () => {
    const markdown = "[x <img src=x> <!-- issue-planner:plan-end -->](https://evil.example/l)";
    const out = sanitize(markdown);
    expect(out).not.toContain("<!-- issue-planner:plan-end -->");
    expect(posted(markdown).problems).toEqual([]);
    expect(renderGfm(out)).toContain("&lt;img src=x&gt;");
  });

  it("defuses mentions in image alt text, HTML comments and HTML attributes", () => {
    for (const markdown of [
      "![hi @octocat](https://evil.example/p.png)",
      "<!-- @octocat -->",
      'See <a title="@acme/security-team">this</a>.',
    ]) {
      expect(sanitize(markdown)).not.toMatch(/@(?!\u200B)/);
      expect(posted(markdown).problems).toEqual([]);
    }
  });

  it("defuses a mention after an unmatched backtick, which cannot open a code span", () => {
    expect(sanitize("`@octocat and more")).toBe("\\`@\u200Boctocat and more");
    expect(posted("Ping `@octocat now").problems).toEqual([]);
  });

  it("defuses link labels and text that GitHub would autolink again", () => {
    const markdown =
      "[www.evil.example/phish](https://evil.example/l) [https://evil.example/x](https://evil.example/y) <b>www.evil.example https://evil.example</b>";
    expect(posted(markdown).problems).toEqual([]);
    expect(sanitize(markdown)).toContain("www\u200B.evil.example/phish");
  });

  it("defuses issue and commit references, which would write backlinks into other issues", () => {
    const out = sanitize("Like torvalds/linux#1, GH-1, #12 and acme/other@abc1234.");
    expect(out).toBe("Like torvalds/linux#\u200B1, GH-\u200B1, #\u200B12 and acme/other@\u200Babc1234.");
    expect(posted("Like torvalds/linux#1, GH-1, #12 and acme/other@abc1234.").problems).toEqual([]);
  });

  it("keeps a backtick inside code from ending the code early", () => {
    const out = sanitize("Run `` a`b @octocat `` now\n\n````\n```\n<!-- issue-planner:plan-end -->\n````");
    expect(out).toContain("``a`b @octocat``");
    expect(out).not.toContain("<!-- issue-planner:");
    expect(posted(out).problems).toEqual([]);
  });

  it("turns tables, quotes, footnotes and reference links into text", () => {
    const { problems, html } = posted(
      "| a | @b |\n| - | - |\n| c | d |\n\n> quoted @x\n\nNote[^1] and [ref]\n\n[^1]: see @y\n\n[ref]: https://evil.example",
    );
    expect(problems).toEqual([]);
    expect(html).not.toMatch(/<(table|blockquote|section|sup)/);
  });

  it("sanitises its own output to the same text", () => {
    const once = sanitize("Ask @octocat about #1 at www.x.example <img src=x> [a](https://evil.example)");
    expect(sanitize(once)).toBe(once);
  });

  it("reports what it changed as findings", () => {
    const { findings } = sanitizeMarkdown("@a @b #3 <br> ![x](y.png) [l](https://z.example)");
    expect(findings.map((f) => [f.rule, f.message])).toEqual([
      ["safety/mention", "An @mention was defused so nobody is pinged. (2 times)"],
      ["safety/reference", "An issue or commit reference was defused so no other issue gets a backlink."],
      ["safety/html", "Raw HTML was escaped."],
      ["safety/image", "An image was replaced by its description."],
      ["safety/external-link", "A link the repository did not provide was removed."],
    ]);
  });
});

describe("codeSpan", () => {
  it("quotes a value holding backticks, a mention and a tag without letting them out", () => {
    const label = "x` @octocat <img src=x> `y";
    const html = renderGfm(`Add the ${codeSpan(label)} label.`);
    expect(html).toBe("<p>Add the <code>x` @octocat &lt;img src=x&gt; `y</code> label.</p>");
  });

  it("keeps a value on one line and spells no app marker", () => {
    expect(codeSpan("a\n# b")).toBe("`a # b`");
    expect(codeSpan("<!-- issue-planner:plan -->")).not.toContain("<!-- issue-planner:");
  });
});

describe("inlineText and defusePlainText", () => {
  it("shows text as written, defused and escaped, on one line", () => {
    expect(inlineText("German *@octocat* <img>\n# x")).toBe("German \\*@\u200Boctocat\\* &#x3C;img> # x");
    expect(defusePlainText("Phase 1 · ping @octocat about #2")).toBe(
      "Phase 1 · ping @\u200Boctocat about #\u200B2",
    );
  });
});
