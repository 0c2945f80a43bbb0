// nock scopes for the GitHub and OpenAI requests a plan job makes, built from realistic response shapes.
import { readFileSync } from "node:fs";
import nock from "nock";
import { API, OPENAI, REPO_API } from "./test-app.js";

export const PACKAGE_JSON = JSON.stringify({
  name: "billing-web",
  scripts: { dev: "next dev", build: "next build", test: "vitest", "db:migrate": "prisma migrate dev" },
  dependencies: { next: "15.1.0", react: "19.0.0", "@prisma/client": "6.1.0", zod: "3.24.1" },
  devDependencies: { prisma: "6.1.0", vitest: "3.0.0", "@playwright/test": "1.50.0" },
});

export const TREE_PATHS = [
  "package.json",
  "README.md",
  "prisma/schema.prisma",
  "src/app/invoices/page.tsx",
  "src/app/layout.tsx",
  "src/lib/db.ts",
  "tests/e2e/login.spec.ts",
];

export function llmReply(name: string): string {
  return readFileSync(new URL(`../fixtures/llm/${name}`, import.meta.url), "utf8");
}

export function chatCompletion(content: string) {
  return {
    id: "chatcmpl-abc123",
    object: "chat.completion",
    created: 1_764_000_000,
    model: "gpt-4.1-2025-04-14",
    choices: [
      {
        index: 0,
        message: { role: "assistant", content, refusal: null },
        finish_reason: "stop",
        logprobs: null,
      },
    ],
    usage: { prompt_tokens: 2_100, completion_tokens: 640, total_tokens: 2_740 },
  };
}

/** The installation token request every job starts with. */
export function mockInstallationToken(): nock.Scope {
  return nock(API)
    .post("/app/installations/2/access_tokens")
    .reply(201, { token: "ghs_test", expires_at: "2099-01-01T00:00:00Z", permissions: { issues: "write" } });
}

/** Tree, package.json and README of the default branch. */
export function mockRepositoryRead(branch = "master"): nock.Scope {
  return nock(API)
    .get(`${REPO_API}/git/trees/${branch}`)
    .query({ recursive: "true" })
    .reply(200, {
      sha: "9fb037999f264ba9a7fc6274d15fa3ae2ab98312",
      truncated: false,
      tree: TREE_PATHS.map((path) => ({ path, mode: "100644", type: "blob", sha: "3f4e", size: 100 })).concat(
        [{ path: "src", mode: "040000", type: "tree", sha: "aa11", size: 0 }],
      ),
    })
    .get(`${REPO_API}/contents/package.json`)
    .query({ ref: branch })
    .reply(200, PACKAGE_JSON)
    .get(`${REPO_API}/contents/README.md`)
    .query({ ref: branch })
    .reply(200, "# billing-web\n\nThe billing dashboard of our SaaS.\n");
}

export function mockReaction(target: "issue" | { commentId: number }, content: string): nock.Scope {
  const path =
    target === "issue"
      ? `${REPO_API}/issues/1/reactions`
      : `${REPO_API}/issues/comments/${target.commentId}/reactions`;
  return nock(API).post(path, { content }).reply(201, { id: 1, content });
}

export function mockListComments(comments: { id: number; body: string; type?: string }[]): nock.Scope {
  return nock(API)
    .get(`${REPO_API}/issues/1/comments`)
    .query({ per_page: "100" })
    .reply(
      200,
      comments.map((comment) => ({
        id: comment.id,
        body: comment.body,
        user: {
          login: comment.type === "User" ? "octocat" : "issue-planner[bot]",
          type: comment.type ?? "Bot",
        },
      })),
    );
}

/** Records the request bodies sent to the chat completions endpoint. */
export function mockChat(replies: { status: number; body: unknown; headers?: Record<string, string> }[]) {
  const requests: { messages: { role: string; content: string }[]; model: string }[] = [];
  const scope = nock(OPENAI);
  for (const reply of replies) {
    scope.post("/v1/chat/completions").reply((_uri, body) => {
      requests.push(body as (typeof requests)[number]);
      return [reply.status, reply.body as nock.Body, reply.headers ?? {}];
    });
  }
  return { scope, requests };
}
