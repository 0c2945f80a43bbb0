// Identifies one issue of one repository for every Octokit call of a job.
export interface IssueRef {
  owner: string;
  repo: string;
  issueNumber: number;
}
