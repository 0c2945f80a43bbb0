// nock scopes for the GitHub and OpenAI requests a plan job makes, built from realistic response shapes.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import nock from "nock";
import { STATUS_MARKER } from "../../src/plan/comment-markers.js";
import { githubTarball } from "./make-tarball.js";
import { API, OPENAI, REPO_API } from "./test-app.js";

const FIXTURE_REPO = new URL("../fixtures/repos/nextjs-prisma/", import.meta.url).pathname;
export const COMMIT = "9fb037999f264ba9a7fc6274d15fa3ae2ab98312";

/** Every file of a fixture repository, by repository path. */
export function fixtureFiles(root = FIXTURE_REPO): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path);
      else files[path] = readFileSync(join(root, path), "utf8");
    }
  };
  walk("");
  return files;
}

export const PACKAGE_JSON = fixtureFiles()["package.json"] as string;
export const TREE_PATHS = Object.keys(fixtureFiles());

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

/** The default branch's tarball (a redirect to the download host, as GitHub answers). */
export function mockRepositoryRead(_branch = "master", files = fixtureFiles()): nock.Scope[] {
  return [
    nock(API)
      .get(`${REPO_API}/tarball/${COMMIT}`)
      .reply(302, "", {
        location: `https://codeload.github.com/Codertocat/Hello-World/legacy.tar.gz/${COMMIT}`,
      }),
    nock("https://codeload.github.com")
      .get(`/Codertocat/Hello-World/legacy.tar.gz/${COMMIT}`)
      .reply(200, githubTarball(files, `Codertocat-Hello-World-${COMMIT.slice(0, 7)}`), {
        "content-type": "application/x-gzip",
      }),
  ];
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

/**
 * The one GraphQL read made when a trigger arrives: the repository's configuration file, the owner's `.github`
 * repository's file, and the default branch's head commit. GitHub answers NOT_FOUND for an owner without a
 * `.github` repository, with the rest of the data.
 */
export function mockSetupQuery(files: { repo?: string; owner?: string | null } = {}): nock.Scope {
  const blob = (text: string) => ({ __typename: "Blob", text, isBinary: false });
  const ownerMissing = files.owner === undefined;
  return nock(API)
    .post("/graphql", (body: { query: string; variables: Record<string, string> }) =>
      body.query.includes("issuePlannerSetup"),
    )
    .reply(200, {
      data: {
        repository: {
          defaultBranchRef: { target: { oid: COMMIT } },
          file: files.repo === undefined ? null : blob(files.repo),
        },
        ownerDefaults: ownerMissing ? null : { file: files.owner ? blob(files.owner) : null },
      },
      ...(ownerMissing
        ? {
            errors: [
              {
                type: "NOT_FOUND",
                path: ["ownerDefaults"],
                locations: [{ line: 6, column: 3 }],
                message: "Could not resolve to a Repository with the name 'Codertocat/.github'.",
              },
            ],
          }
        : {}),
    });
}

/** No `.github/issue-planner.yml` in the repository, and no `.github` repository for the owner. */
export function mockNoConfig(): nock.Scope {
  return mockSetupQuery();
}

/** A repository configuration file. */
export function mockConfig(yaml: string): nock.Scope {
  return mockSetupQuery({ repo: yaml });
}

/** The permission check of the user who triggered. */
export function mockPermission(permission: string, roleName = permission, user = "Codertocat"): nock.Scope {
  return nock(API)
    .get(`${REPO_API}/collaborators/${user}/permission`)
    .reply(200, { permission, role_name: roleName, user: { login: user } });
}

/** The `planned` label added once the plan is posted. */
export function mockPlannedLabel(name = "planned"): nock.Scope {
  return nock(API)
    .post(`${REPO_API}/issues/1/labels`, { labels: [name] })
    .reply(200, [{ name }]);
}

/** A new plan: the comment starts as a status line (POST), then the plan is written into it (PATCH). */
export function mockNewPlanComment(onPlan?: (body: string) => void, id = 1001): nock.Scope[] {
  return [
    nock(API)
      .post(`${REPO_API}/issues/1/comments`, (body: { body: string }) => body.body.includes(STATUS_MARKER))
      .reply(201, { id }),
    nock(API)
      .patch(`${REPO_API}/issues/comments/${id}`, (body: { body: string }) => {
        onPlan?.(body.body);
        return !body.body.includes(STATUS_MARKER);
      })
      .reply(200, { id }),
  ];
}

/** An allowed trigger on a repository without configuration: the token, the config read, the permission check. */
export function mockAllowedTrigger(): nock.Scope[] {
  return [mockInstallationToken(), mockNoConfig(), mockPermission("write")];
}

/** After a label-triggered plan is posted: the rocket, the trigger label off, the planned label on. */
export function mockLabelPlanFinished(trigger = "needs-plan", planned = "planned"): nock.Scope[] {
  return [
    mockReaction("issue", "rocket"),
    nock(API).delete(`${REPO_API}/issues/1/labels/${trigger}`).reply(200, []),
    mockPlannedLabel(planned),
  ];
}

/**
 * A failure notice: on an issue the app never commented on, the comments listed (none) first, unless `listed` says
 * the job had listed them; then the notice posted, and 😕. `body()` is the notice's text once posted.
 */
export function mockFailureNotice(listed = false): { scopes: nock.Scope[]; body: () => string } {
  let notice = "";
  const scopes = [
    ...(listed ? [] : [mockListComments([])]),
    nock(API)
      .post(`${REPO_API}/issues/1/comments`, (body: { body: string }) => {
        notice = body.body;
        return true;
      })
      .reply(201, { id: 1002 }),
    mockReaction("issue", "confused"),
  ];
  return { scopes, body: () => notice };
}
