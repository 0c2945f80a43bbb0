import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BODY_END_MARKER, BODY_START_MARKER } from "../../src/github/comment-markers.js";
import {
  authorTextOf,
  MAX_ISSUE_BODY_CHARS,
  roomForSection,
  splitIssueBody,
  withBodySection,
} from "../../src/github/issue-body-section.js";

const section = (text: string) => `${BODY_START_MARKER}\n${text}\n${BODY_END_MARKER}`;

describe("the app's section of an issue body", () => {
  it("appends a section after the author's text and finds it again", () => {
    const body = withBodySection("As a member I want CSV exports.\r\n", "PLAN");
    expect(body).toBe(`As a member I want CSV exports.\r\n\n\n${section("PLAN")}`);
    expect(splitIssueBody(body)).toEqual({
      before: "As a member I want CSV exports.\r\n\n\n",
      section: "PLAN",
      after: "",
    });
    expect(authorTextOf(body)).toBe("As a member I want CSV exports.\r\n");
  });

  it("replaces only the section, keeping text the author added before and after it", () => {
    const body = `Intro\n\n${section("OLD")}\nPS from the author`;
    expect(withBodySection(body, "NEW")).toBe(`Intro\n\n${section("NEW")}\nPS from the author`);
    expect(withBodySection(body, undefined)).toBe("Intro\nPS from the author");
  });

  it("writes a section into an empty body without leading blank lines", () => {
    expect(withBodySection(null, "PLAN")).toBe(section("PLAN"));
    expect(withBodySection(section("PLAN"), undefined)).toBe("");
  });

  it("leaves a lone marker the author typed as the author's text", () => {
    const body = `I pasted ${BODY_START_MARKER} here`;
    expect(splitIssueBody(body).section).toBeUndefined();
    expect(withBodySection(body, "PLAN")).toBe(`${body}\n\n${section("PLAN")}`);
  });

  it("counts the room left within GitHub's limit", () => {
    expect(roomForSection("")).toBeLessThan(MAX_ISSUE_BODY_CHARS);
    expect(roomForSection("x".repeat(60_000))).toBe(roomForSection("") - 60_000);
    const text = "y".repeat(1_000);
    const full = withBodySection(text, "z".repeat(roomForSection(text)));
    expect(full.length).toBeLessThanOrEqual(MAX_ISSUE_BODY_CHARS);
  });

  it("never changes the author's text, whatever it holds (property)", () => {
    const text = fc.string({ unit: fc.constantFrom("a", " ", "\n", "\r\n", "- [ ] ", "<!-- x -->", "é") });
    fc.assert(
      fc.property(text, text, text, (author, first, second) => {
        const once = withBodySection(author, first);
        const twice = withBodySection(once, second);
        expect(splitIssueBody(twice).section).toBe(second);
        expect(authorTextOf(twice)).toBe(author);
        expect(withBodySection(twice, undefined)).toBe(author);
      }),
      { numRuns: 300 },
    );
  });
});
