// Webhook payloads for the test bed, from the recorded GitHub examples with the repository and issue swapped in.
import { readFileSync } from "node:fs";
import type { FakeIssue, FakeRepo } from "./fake-github.js";
import { githubLabel } from "./github-label.js";

function example(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`../fixtures/payloads/${name}.json`, import.meta.url), "utf8"));
}

function withRepoAndIssue(payload: Record<string, unknown>, repo: FakeRepo, issue: FakeIssue) {
  const repository = payload.repository as Record<string, unknown>;
  repository.name = repo.name;
  repository.full_name = `${repo.owner}/${repo.name}`;
  repository.default_branch = repo.defaultBranch;
  (repository.owner as Record<string, unknown>).login = repo.owner;
  const original = payload.issue as Record<string, unknown>;
  payload.issue = {
    ...original,
    id: issue.id,
    number: issue.number,
    title: issue.title,
    body: issue.body,
    labels: issue.labels.map((name) => githubLabel(`${repo.owner}/${repo.name}`, name)),
    comments: issue.comments.length,
  };
  payload.installation = { id: 2, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMg==" };
  return payload;
}

export function labeledPayload(repo: FakeRepo, issue: FakeIssue, label = "needs-plan") {
  const payload = withRepoAndIssue(example("issues.labeled"), repo, issue);
  const labelObject = githubLabel(`${repo.owner}/${repo.name}`, label);
  payload.label = labelObject;
  const current = payload.issue as { labels: { name: string }[] };
  if (!current.labels.some((entry) => entry.name === label)) current.labels.push(labelObject);
  return payload;
}

export function commentPayload(
  repo: FakeRepo,
  issue: FakeIssue,
  body: string,
  commentId = 700_000 + issue.number,
) {
  const payload = withRepoAndIssue(example("issue_comment.created"), repo, issue);
  const comment = payload.comment as Record<string, unknown>;
  comment.body = body;
  comment.id = commentId;
  comment.author_association = "COLLABORATOR";
  (payload.issue as { comments: number }).comments += 1;
  return payload;
}
