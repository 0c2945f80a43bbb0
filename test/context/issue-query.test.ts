import { describe, expect, it } from "vitest";
import { issueQueryText } from "../../src/context/issue-query.js";

describe("issueQueryText", () => {
  it("drops an issue template's field labels and comments, keeping what the author wrote under them", () => {
    const body = [
      "<!-- Please fill in every field below. -->",
      "### Describe the bug",
      "The adapter drops the `Content-Type` header on redirects.",
      "",
      "### Adapter Version",
      "HTTP",
      "",
      "**Browser:** Chrome",
      "",
      "**Node.js Version**: 18",
    ].join("\n");
    const text = issueQueryText(body);
    expect(text).toContain("The adapter drops the Content-Type header on redirects.");
    expect(text).toContain("Chrome");
    for (const label of ["Describe the bug", "Adapter Version", "Browser", "Node.js Version", "Please fill"])
      expect(text).not.toContain(label);
  });

  it("keeps the code a heading names, code blocks and link text", () => {
    const body = [
      "## `useQuery` refetches on window focus",
      "```js",
      "useQuery({ queryKey: ['todos'] })",
      "```",
      "See [the retry docs](https://example.com/retry).",
    ].join("\n");
    const text = issueQueryText(body);
    expect(text).toContain("useQuery");
    expect(text).not.toContain("refetches on window focus");
    expect(text).toContain("queryKey");
    expect(text).toContain("the retry docs");
  });

  it("keeps a bold phrase that is not a field label", () => {
    expect(issueQueryText("**Never** cache the token response.")).toContain(
      "Never cache the token response.",
    );
  });

  it("is empty for an empty body", () => {
    expect(issueQueryText("  \n")).toBe("");
  });
});
