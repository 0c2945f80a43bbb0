import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  authorTextOf,
  bodySectionBlock,
  MAX_ISSUE_BODY_CHARS,
  roomForSection,
  splitIssueBody,
  withBodySection,
} from "../../src/github/issue-body-section.js";
import { BODY_END_MARKER, BODY_START_MARKER } from "../../src/plan/comment-markers.js";

const section = bodySectionBlock;
const forgedStart = `${BODY_START_MARKER.replace(/ -->$/, "")} ${"0f".repeat(16)} -->`;

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

  it("takes markers the author typed, quoted or fenced for the author's text, and keeps them byte for byte", () => {
    for (const author of [
      `Intro\n${BODY_START_MARKER}\nmy own notes\n${BODY_END_MARKER}\nPS`,
      `Intro\n${forgedStart}\nmy own notes\n${BODY_END_MARKER}\nPS`,
      `Quoting the bot:\n\n\`\`\`\n${BODY_START_MARKER}\nold plan\n${BODY_END_MARKER}\n\`\`\`\n`,
      `> ${BODY_START_MARKER}\n> quoted\n> ${BODY_END_MARKER}`,
    ]) {
      expect(splitIssueBody(author).section).toBeUndefined();
      const written = withBodySection(author, "PLAN");
      expect(written).toBe(`${author}\n\n${section("PLAN")}`);
      expect(authorTextOf(written)).toBe(author);
      expect(withBodySection(written, "NEWER")).toBe(`${author}\n\n${section("NEWER")}`);
    }
  });

  it("still finds its section after a reader ticked tasks and GitHub changed the line endings", () => {
    const plan = "### Phase 1\n- [ ] **1.1** Add the route\n- [ ] **1.2** Test it";
    const body = withBodySection("Story", plan);
    const ticked = body.replace("- [ ] **1.1**", "- [x] **1.1**").replace(/\n/g, "\r\n");
    expect(splitIssueBody(ticked).section).toContain("- [x] **1.1** Add the route");
    expect(authorTextOf(ticked)).toBe("Story\r\n\r\n");
  });

  it("leaves a section whose text someone else rewrote to them", () => {
    const body = withBodySection("Story", "- [ ] **1.1** Add the route").replace("Add the route", "Edited");
    expect(splitIssueBody(body).section).toBeUndefined();
  });

  it("counts the room left within GitHub's limit", () => {
    expect(roomForSection("")).toBeLessThan(MAX_ISSUE_BODY_CHARS);
    expect(roomForSection("x".repeat(60_000))).toBe(roomForSection("") - 60_000);
    const text = "y".repeat(1_000);
    const full = withBodySection(text, "z".repeat(roomForSection(text)));
    expect(full.length).toBeLessThanOrEqual(MAX_ISSUE_BODY_CHARS);
  });

  it("never changes the author's text, whatever it holds (property)", () => {
    const units = ["a", " ", "\n", "\r\n", "- [ ] ", "<!-- x -->", "é", "```"];
    // The author may type anything, markers included; the app's own sections never hold a marker.
    const author = fc.string({
      unit: fc.constantFrom(...units, forgedStart, BODY_START_MARKER, BODY_END_MARKER),
    });
    const text = fc.string({ unit: fc.constantFrom(...units) });
    fc.assert(
      fc.property(author, text, text, (author, first, second) => {
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
