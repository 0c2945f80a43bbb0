import { describe, expect, it } from "vitest";
import type { DirectoryRole } from "../../src/context/detect-roles.js";
import type { TechStack } from "../../src/context/stack/detect-stack.js";
import { buildPlanMessages } from "../../src/plan/build-plan-messages.js";
import {
  describeProfile,
  issueKind,
  type PlanProfile,
  repositoryTraits,
} from "../../src/plan/plan-profile.js";
import { systemPrompt } from "../../src/plan/system-prompt.js";

function stack(categories: TechStack["categories"], workspaces: string[] = []): TechStack {
  return { languages: ["TypeScript"], packageManager: "npm", categories, scripts: [], workspaces };
}
const entry = (key: string, name = key) => ({ key, name });
const role = (name: string, ...paths: string[]): DirectoryRole => ({ role: name, paths });

describe("repositoryTraits", () => {
  it("tells a full-stack web app with an ORM, a cache and an E2E tool", () => {
    const traits = repositoryTraits(
      stack({
        frameworks: [entry("nextjs", "Next.js")],
        orm: [entry("prisma", "Prisma")],
        cache: [entry("redis", "Redis")],
        e2eTests: [entry("playwright", "Playwright")],
      }),
      [role("server actions", "src/app/actions/"), role("components", "src/components/")],
      ["src/app/page.tsx"],
    );
    expect(traits).toEqual({
      repository: "web app",
      ui: true,
      protectedActions: true,
      caches: true,
      orm: "Prisma",
      e2e: "Playwright",
    });
  });

  it("tells an API service, a library, a CLI and a monorepo", () => {
    expect(repositoryTraits(stack({ frameworks: [entry("express")] }), [], []).repository).toBe(
      "API service",
    );
    const library = repositoryTraits(
      stack({ unitTests: [entry("vitest")] }),
      [role("unit tests", "test/")],
      ["src/index.ts"],
    );
    expect(library).toEqual({ repository: "library", ui: false, protectedActions: false, caches: false });
    expect(repositoryTraits(stack({}), [], ["cmd/tool/main.go", "internal/run.go"]).repository).toBe("CLI");
    expect(repositoryTraits(stack({}, ["packages/a", "packages/b"]), [], []).repository).toBe("monorepo");
  });
});

describe("issueKind", () => {
  it("reads labels first, then a conventional prefix, then the words and a stack trace", () => {
    expect(issueKind({ title: "Add CSV export", body: null, labels: ["bug"] })).toBe("bug");
    expect(issueKind({ title: "Crash on start", body: null, labels: ["enhancement"] })).toBe("feature");
    expect(issueKind({ title: "docs: explain plugins", body: null })).toBe("documentation");
    expect(issueKind({ title: "chore: bump zod", body: null })).toBe("refactor or chore");
    expect(issueKind({ title: "dayjs.utc() returns the wrong offset", body: null })).toBe("bug");
    expect(
      issueKind({
        title: "utc plugin",
        body: "TypeError: Cannot read properties of undefined\n    at utc (src/plugin/utc/index.js:12:5)",
      }),
    ).toBe("bug");
    expect(issueKind({ title: "Typo in the README", body: null })).toBe("documentation");
    expect(issueKind({ title: "Let admins export invoices as CSV", body: "As an admin I want..." })).toBe(
      "feature",
    );
  });
});

describe("issueKind from an issue template", () => {
  it("takes a bug report's sections for a bug, a feature request's for a feature, as headings or bold labels", () => {
    const bugBody =
      '**Describe the bug**\n`capture` gives `""` for a group that did not match.\n\n**To Reproduce**\n...';
    expect(issueKind({ title: "capture returns results for optional named group", body: bugBody })).toBe(
      "bug",
    );
    expect(issueKind({ title: "Timeouts", body: "### Steps to reproduce\n1. run it" })).toBe("bug");
    const featureBody =
      "**Is your feature request related to a problem? Please describe.**\nIt crashes my flow.\n**Describe the solution you'd like**\n`@urid`";
    expect(issueKind({ title: "Add @urid", body: featureBody })).toBe("feature");
    expect(issueKind({ title: "gsub loops infinitely with an empty pattern", body: null })).toBe("bug");
    const expected =
      "I would expect concatenated to be `/a2/b/c`.\n\nHowever, instead it is `/a2/a1/b/c`, because `append` appends the segments.";
    expect(
      issueKind({ title: "`JsonPointer.append(tail())` includes the original pointer", body: expected }),
    ).toBe("bug");
    expect(
      issueKind({ title: "Support NO_COLOR", body: "Colours should be off when NO_COLOR is set." }),
    ).toBe("feature");
  });
});

describe("the prompt for a profile", () => {
  const library: PlanProfile = {
    repository: "library",
    issue: "bug",
    ui: false,
    protectedActions: false,
    caches: false,
  };

  it("tells the model which rules apply, and forces no filler for what the repository lacks", () => {
    const prompt = systemPrompt("markdown", library);
    expect(prompt).toContain("## This repository and this issue");
    expect(prompt).toContain("This repository is a library");
    expect(prompt).toContain("the first task locates the cause");
    expect(prompt).toContain("regression test that fails before the fix");
    expect(prompt).toContain("add no authorization steps");
    expect(prompt).toContain("there is no end-to-end tool, so write no end-to-end task");
    expect(prompt).toContain("a phase with nothing to do still holds its one line");
    // The output format is the same whatever the profile.
    for (const heading of ["#### Phase 1: Data Layer & Schema", "#### Phase 4: Testing and Validation"])
      expect(prompt).toContain(heading);
  });

  it("keeps every production rule for a web app with a feature request", () => {
    const prompt = systemPrompt("json", {
      repository: "web app",
      issue: "feature",
      ui: true,
      protectedActions: true,
      caches: true,
      orm: "Prisma",
      e2e: "Playwright",
    });
    expect(prompt).toContain("checks authentication and authorization explicitly");
    expect(prompt).toContain("ARIA roles or labels");
    expect(prompt).toContain("invalidate what could now be stale");
    expect(prompt).toContain("through Prisma and its migration command");
    expect(prompt).toContain("an end-to-end task with Playwright");
  });

  it("reaches the model through the messages, and names itself in a footer phrase", () => {
    const [system] = buildPlanMessages({
      issue: { number: 1, title: "t", body: null },
      instructions: "",
      codebaseContext: "",
      profile: library,
    });
    expect(system?.content).toContain("This issue is a bug report.");
    expect(describeProfile({ issue: "refactor or chore", repository: "API service" })).toBe(
      "a refactor or chore in an API service",
    );
  });
});
