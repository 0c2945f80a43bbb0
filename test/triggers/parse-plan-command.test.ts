import { describe, expect, it } from "vitest";
import { parsePlanCommand } from "../../src/triggers/parse-plan-command.js";

describe("parsePlanCommand", () => {
  it("reads the command after a byte-order mark, blank lines or indentation", () => {
    expect(parsePlanCommand("\uFEFF/plan keep it small")).toEqual({
      action: "plan",
      instructions: "keep it small",
    });
    expect(parsePlanCommand("\n\n   /plan\tuse streams")).toEqual({
      action: "plan",
      instructions: "use streams",
    });
  });

  it("takes every line after the command as guidance", () => {
    expect(parsePlanCommand("/plan\n\n- reuse the mailer\n- no new tables\n")).toEqual({
      action: "plan",
      instructions: "- reuse the mailer\n- no new tables",
    });
  });

  it("reads `help` followed by more words as guidance, not as the subcommand", () => {
    expect(parsePlanCommand("/plan help users find the export")).toEqual({
      action: "plan",
      instructions: "help users find the export",
    });
  });

  it("reads refine feedback written on the lines below", () => {
    expect(parsePlanCommand("/plan Refine\nmerge tasks 2.1 and 2.2")).toEqual({
      action: "refine",
      instructions: "merge tasks 2.1 and 2.2",
    });
  });

  it("answers a lone mistyped word with the help whatever its case, as it does `HELP` and `Refine`", () => {
    expect(parsePlanCommand("/plan Halp")).toEqual({ action: "help", unknown: "halp" });
    expect(parsePlanCommand("/plan HALP")).toEqual({ action: "help", unknown: "halp" });
  });

  it("answers a lone word with the help, even with blank lines after it", () => {
    expect(parsePlanCommand("/plan regenerate\n\n")).toEqual({ action: "help", unknown: "regenerate" });
    expect(parsePlanCommand("/plan fix-it")).toEqual({ action: "help", unknown: "fix-it" });
  });

  it("reads a lone word as guidance when it cannot be a subcommand: long, or not starting with a letter", () => {
    expect(parsePlanCommand("/plan internationalisation")).toEqual({
      action: "plan",
      instructions: "internationalisation",
    });
    expect(parsePlanCommand("/plan 2FA")).toEqual({ action: "plan", instructions: "2FA" });
    expect(parsePlanCommand("/plan `pnpm`")).toEqual({ action: "plan", instructions: "`pnpm`" });
  });

  it("reads a lone word followed by guidance on the next line as guidance", () => {
    expect(parsePlanCommand("/plan Redis\nfor the rate limits")).toEqual({
      action: "plan",
      instructions: "Redis\nfor the rate limits",
    });
  });

  it("needs the command on the first line", () => {
    expect(parsePlanCommand("Thanks!\n/plan")).toBeNull();
    expect(parsePlanCommand(undefined)).toBeNull();
  });
});
