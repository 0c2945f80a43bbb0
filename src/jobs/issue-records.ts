// Which issues the app has commented on. A trigger's payload says how many comments an issue had; when it had
// none (or only the `/plan` comment) and the app never commented there, the job skips listing the comments: a
// request saved on every first plan. The record covers a webhook delivered late, after an earlier job posted.
import type { Redis } from "ioredis";

export interface IssueRecords {
  hasAppComments(issueKey: string): Promise<boolean>;
  markAppComments(issueKey: string): Promise<void>;
}

// GitHub's payload count is the truth for older comments; the record only has to outlive late deliveries.
const RECORD_TTL_S = 30 * 24 * 3600;
const MAX_MEMORY_RECORDS = 100_000;

export class MemoryIssueRecords implements IssueRecords {
  readonly #keys = new Set<string>();

  async hasAppComments(issueKey: string): Promise<boolean> {
    return this.#keys.has(issueKey);
  }

  async markAppComments(issueKey: string): Promise<void> {
    this.#keys.add(issueKey);
    if (this.#keys.size > MAX_MEMORY_RECORDS) {
      const oldest = this.#keys.values().next().value;
      if (oldest !== undefined) this.#keys.delete(oldest);
    }
  }
}

export class RedisIssueRecords implements IssueRecords {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async hasAppComments(issueKey: string): Promise<boolean> {
    return (await this.redis.exists(`${this.prefix}:commented:${issueKey}`)) === 1;
  }

  async markAppComments(issueKey: string): Promise<void> {
    await this.redis.set(`${this.prefix}:commented:${issueKey}`, "1", "EX", RECORD_TTL_S);
  }
}

/** Whether the app's comments on the issue must be listed, or there can be none. */
export async function mayHaveAppComments(
  records: IssueRecords,
  issueKey: string,
  commentsInPayload: number | undefined,
  ownTriggerComments: number,
  rerun: boolean,
): Promise<boolean> {
  if (rerun || commentsInPayload === undefined || commentsInPayload > ownTriggerComments) return true;
  return records.hasAppComments(issueKey);
}
