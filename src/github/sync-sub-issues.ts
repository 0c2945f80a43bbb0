// Output target `sub-issues`: finds the phase issues the app already linked under an issue, rewrites them in
// place, and creates and links the missing ones through the sub-issues API. Writes go one at a time; Probot's
// throttling spaces content-creating requests (GitHub's secondary limits) and retries when GitHub asks to wait.
import type { ProbotOctokit } from "probot";
import { httpStatusOf, UserFacingError } from "../errors.js";
import type { PhaseKey } from "../plan/plan-model.js";
import { type PhaseIssue, phaseOfIssueBody } from "../plan/render-phase-issues.js";
import type { IssueRef } from "./issue-ref.js";
import { botAuthor, type OwnAuthor } from "./own-author.js";

export interface LinkedPhaseIssue {
  number: number;
  title: string;
  body: string;
}

export interface SubIssueResult {
  phase: PhaseKey;
  number: number;
  action: "created" | "updated" | "unchanged";
}

/** The app's phase issues among the issue's sub-issues, by phase. */
export async function findPhaseIssues(
  octokit: ProbotOctokit,
  issue: IssueRef,
  own: OwnAuthor = botAuthor,
): Promise<Map<PhaseKey, LinkedPhaseIssue>> {
  const subIssues = await octokit.paginate(octokit.rest.issues.listSubIssues, {
    owner: issue.owner,
    repo: issue.repo,
    issue_number: issue.issueNumber,
    per_page: 100,
  });
  const found = new Map<PhaseKey, LinkedPhaseIssue>();
  for (const sub of subIssues) {
    // Only the app's own issues: a person's sub-issue that quotes the marker is never rewritten.
    if (!own(sub.user)) continue;
    const phase = phaseOfIssueBody(sub.body);
    if (phase && !found.has(phase))
      found.set(phase, { number: sub.number, title: sub.title, body: sub.body ?? "" });
  }
  return found;
}

export async function syncSubIssues(
  octokit: ProbotOctokit,
  issue: IssueRef,
  existing: ReadonlyMap<PhaseKey, LinkedPhaseIssue>,
  wanted: readonly PhaseIssue[],
): Promise<SubIssueResult[]> {
  const repo = { owner: issue.owner, repo: issue.repo };
  const results: SubIssueResult[] = [];
  for (const phaseIssue of wanted) {
    const current = existing.get(phaseIssue.phase);
    if (current) {
      // A title the team changed stays theirs while the phase's tasks stay the same.
      if (current.body === phaseIssue.body) {
        results.push({ phase: phaseIssue.phase, number: current.number, action: "unchanged" });
        continue;
      }
      // The state is the team's: a phase closed as done stays closed.
      await octokit.rest.issues.update({
        ...repo,
        issue_number: current.number,
        title: phaseIssue.title,
        body: phaseIssue.body,
      });
      results.push({ phase: phaseIssue.phase, number: current.number, action: "updated" });
      continue;
    }
    const { data: created } = await octokit.rest.issues.create({
      ...repo,
      title: phaseIssue.title,
      body: phaseIssue.body,
    });
    try {
      // The API links by the issue's id, not its number.
      await octokit.rest.issues.addSubIssue({
        ...repo,
        issue_number: issue.issueNumber,
        sub_issue_id: created.id,
      });
    } catch (error) {
      // An unlinked phase issue would be found by no later run: close it rather than leave a stray copy.
      const closed = await octokit.rest.issues
        .update({ ...repo, issue_number: created.number, state: "closed", state_reason: "not_planned" })
        .then(
          () => "so it was closed again",
          () => "and closing it failed too: close it by hand",
        );
      throw new UserFacingError(
        `The plan was posted, but its phase issue #${created.number} could not be linked as a sub-issue ` +
          `(GitHub answered ${statusOf(error)}; an issue holds at most 100 sub-issues), ${closed}.`,
        { cause: error },
      );
    }
    results.push({ phase: phaseIssue.phase, number: created.number, action: "created" });
  }
  return results;
}

function statusOf(error: unknown): string {
  const status = httpStatusOf(error);
  return typeof status === "number" ? String(status) : "with an error";
}
