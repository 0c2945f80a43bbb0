// action.yml as GitHub Marketplace and the runner read it: every input and output described, branding GitHub
// accepts, and every input the code reads declared (an undeclared one draws a warning in every run).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { SETTING_OF_INPUT } from "../../src/action/action-inputs.js";

const action = parse(readFileSync(new URL("../../action.yml", import.meta.url), "utf8")) as {
  description: string;
  branding: { icon: string; color: string };
  inputs: Record<string, { description?: string; default?: string }>;
  outputs: Record<string, { description?: string }>;
};

// GitHub's documented branding colours; icons are Feather's v4.28 set, a few of which are listed here.
const COLORS = ["white", "black", "yellow", "blue", "green", "orange", "red", "purple", "gray-dark"];
const SOME_ALLOWED_ICONS = ["check-square", "check-circle", "clipboard", "list", "git-pull-request", "map"];

describe("action.yml", () => {
  it("declares every input the action reads, each with a description", () => {
    const read = [
      ...Object.keys(SETTING_OF_INPUT),
      "github-token",
      "issue-number",
      "language",
      "instructions",
    ];
    expect(Object.keys(action.inputs).sort()).toEqual(read.sort());
    for (const [name, spec] of Object.entries(action.inputs))
      expect(spec.description, name).toMatch(/\w{3,}/);
  });

  it("declares the outputs the action writes, each with a description", () => {
    expect(Object.keys(action.outputs).sort()).toEqual(["comment-id", "comment-url", "plan", "result"]);
    for (const [name, spec] of Object.entries(action.outputs))
      expect(spec.description, name).toMatch(/\w{3,}/);
  });

  it("has Marketplace branding GitHub accepts and a short description", () => {
    expect(COLORS).toContain(action.branding.color);
    expect(SOME_ALLOWED_ICONS).toContain(action.branding.icon);
    expect(action.description.length).toBeLessThanOrEqual(125);
  });
});
