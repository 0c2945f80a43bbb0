// The deliveries a starting webhook server sends itself (warm-up.ts): `needs-plan` label events and `/plan`
// comments shaped as GitHub sends them (warm-up-examples.ts), each on an issue of its own, spread over repositories
// of an account that cannot exist (a GitHub login cannot begin with "-"). The handlers admit them as they would
// GitHub's, so the whole path runs, the enqueue included; their ids carry the process's warm-up prefix
// (observability/warm-up-id.ts), which sends them to the warm-up's own queue (webhook-admission.ts).
import { WARM_UP_ID_PREFIX } from "../observability/warm-up-id.js";
import { COMMENT_EXAMPLE, LABELED_EXAMPLE } from "./warm-up-examples.js";

/** The account of the warm-up deliveries' repositories. */
export const WARM_UP_OWNER = LABELED_EXAMPLE.repository.owner.login;
/** Repositories the deliveries are spread over, as a burst of real events is. */
const REPOSITORIES = 100;

export interface WarmUpDelivery {
  /** The `x-github-event` header. */
  name: "issues" | "issue_comment";
  id: string;
  body: string;
}

/** Made one by one as they are sent, so the warm-up holds no more than a burst of bodies at a time. */
export function* warmUpDeliveries(count: number): Generator<WarmUpDelivery> {
  for (let index = 0; index < count; index += 1) {
    const number = index + 1;
    const label = index % 2 === 0;
    // Values change, keys never: the parsed objects keep the examples' shapes.
    const payload = structuredClone(label ? LABELED_EXAMPLE : COMMENT_EXAMPLE);
    const repository = `warm-up-${number % REPOSITORIES}`;
    payload.repository.name = repository;
    payload.repository.full_name = `${WARM_UP_OWNER}/${repository}`;
    payload.issue.number = number;
    payload.issue.id = 1_000_000 + number;
    payload.issue.title = `Warm-up ${number}`;
    yield {
      name: label ? "issues" : "issue_comment",
      id: `${WARM_UP_ID_PREFIX}${number}`,
      body: JSON.stringify(payload),
    };
  }
}
