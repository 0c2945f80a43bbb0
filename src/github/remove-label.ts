// Takes the trigger label off once its work is done; a label someone already removed is fine.

import type { ProbotOctokit } from "probot";
import { httpStatusOf } from "../errors.js";
import type { IssueRef } from "./issue-ref.js";

export async function removeLabel(octokit: ProbotOctokit, issue: IssueRef, name: string): Promise<void> {
  try {
    await octokit.rest.issues.removeLabel({
      owner: issue.owner,
      repo: issue.repo,
      issue_number: issue.issueNumber,
      name,
    });
  } catch (error) {
    if (httpStatusOf(error) !== 404) throw error;
  }
}
