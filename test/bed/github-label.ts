// A label as GitHub's webhooks and REST API give it: the whole object, not only its name. The handlers read the
// name alone, but a server's compiled code learns the shape of what it parses: a payload of another shape than
// GitHub's would measure, and test, a server GitHub never talks to.
import { createHash } from "node:crypto";

export interface GithubLabel {
  id: number;
  node_id: string;
  url: string;
  name: string;
  color: string;
  default: boolean;
  description: string | null;
}

/** `fullName`: the repository's `owner/name`. Ids are stable per repository and name. */
export function githubLabel(fullName: string, name: string): GithubLabel {
  const id = Number.parseInt(createHash("sha1").update(`${fullName}\n${name}`).digest("hex").slice(0, 8), 16);
  return {
    id,
    node_id: Buffer.from(`010:Label${id}`).toString("base64"),
    url: `https://api.github.com/repos/${fullName}/labels/${encodeURIComponent(name)}`,
    name,
    color: "ededed",
    default: false,
    description: null,
  };
}
