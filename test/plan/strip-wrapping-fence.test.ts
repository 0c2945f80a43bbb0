import { describe, expect, it } from "vitest";
import { stripWrappingFence, unwrapReply } from "../../src/plan/strip-wrapping-fence.js";

const PLAN =
  "### Implementation Plan: Export\n\nExports invoices.\n\n#### Phase 1: Data Layer & Schema\n-   [ ] **1.1. Add**";

describe("unwrapReply", () => {
  it("says the plan stood in a fence, with nothing around it", () => {
    expect(unwrapReply(`\`\`\`markdown\n${PLAN}\n\`\`\`\n`)).toEqual({
      markdown: PLAN,
      fenced: true,
      droppedChatter: false,
    });
  });

  it("says when it dropped remarks around the fence", () => {
    expect(unwrapReply(`Here you go:\n\n\`\`\`gfm\n${PLAN}\n\`\`\`\nLet me know!`)).toEqual({
      markdown: PLAN,
      fenced: true,
      droppedChatter: true,
    });
  });

  it("drops a reasoning block at the start, even without a fence", () => {
    expect(unwrapReply(`<thinking>\nThe issue asks for CSV.\n</thinking>\n\n${PLAN}`)).toEqual({
      markdown: PLAN,
      fenced: false,
      droppedChatter: false,
    });
    expect(unwrapReply(`<REASONING>plan it</REASONING>${PLAN}`).markdown).toBe(PLAN);
  });

  it("keeps a reply whose heading comes before any fence as it is", () => {
    const reply = `${PLAN}\n\n\`\`\`markdown\nexample\n\`\`\``;
    expect(unwrapReply(reply)).toEqual({ markdown: reply, fenced: false, droppedChatter: false });
  });

  it("keeps a reply whose fence never closes, or closes with the other fence character", () => {
    const open = `\`\`\`markdown\n${PLAN}`;
    expect(unwrapReply(open)).toEqual({ markdown: open, fenced: false, droppedChatter: false });
    const mixed = `~~~markdown\n${PLAN}\n\`\`\``;
    expect(unwrapReply(mixed).fenced).toBe(false);
  });

  it("closes a fence only with one at least as long as the opening one", () => {
    const inner = `${PLAN}\n\n\`\`\`ts\nconst a = 1;\n\`\`\``;
    expect(unwrapReply(`\`\`\`\`md\n${inner}\n\`\`\`\``).markdown).toBe(inner);
    const shortClose = `\`\`\`\`md\n${PLAN}\n\`\`\``;
    expect(unwrapReply(shortClose)).toEqual({ markdown: shortClose, fenced: false, droppedChatter: false });
  });

  it("does not take a fence of another language for the plan's wrapper", () => {
    const reply = '```json\n{"title": "Export"}\n```';
    expect(unwrapReply(reply)).toEqual({ markdown: reply, fenced: false, droppedChatter: false });
  });

  it("gives the same Markdown through stripWrappingFence", () => {
    expect(stripWrappingFence(`~~~\n${PLAN}\n~~~`)).toBe(PLAN);
  });
});
