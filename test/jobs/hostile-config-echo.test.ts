// Configuration text (label names, keys, logins, the model, a mistyped command) echoed in the app's help and
// failure comments: shown as written, never as a ping, a tag, an image or a forged marker.
import { describe, expect, it } from "vitest";
import { repoConfigSchema } from "../../src/config/repo-config.js";
import { validateRepoConfig } from "../../src/config/validate-repo-config.js";
import { renderFailureComment } from "../../src/jobs/render-failure-comment.js";
import { renderHelpComment } from "../../src/jobs/render-help-comment.js";
import { configProblemsMessage } from "../../src/jobs/report-failure.js";
import { problemsIn, renderGfm } from "../helpers/rendered-safety.js";

const HOSTILE = "x` @octocat <img src=https://evil.example/p.png> <!-- issue-planner:plan --> `y";
// Labels and logins are short (GitHub's limits, which the schema keeps).
const SHORT = "x` @octocat <img src=x> `y";

/** The rendered comment without the app's own markup (its marker, `<details>`, `<summary>`, `<sub>`, tables). */
function hostileProblems(body: string): string[] {
  const html = renderGfm(body)
    .replace(/^<!-- issue-planner:[a-z]+ -->\n?/, "")
    .replace(/<\/?(details|summary|sub|table|thead|tbody|tr|th|td)>/g, "");
  return problemsIn(html, {});
}

describe("comments echoing the repository's configuration", () => {
  it("help shows hostile labels, logins, model and command inside code spans they cannot leave", () => {
    const config = repoConfigSchema.parse({
      labels: { trigger: SHORT, planned: SHORT, exclude: [SHORT] },
      permissions: { users: [SHORT] },
      plan: { language: "German @octocat <img src=x>" },
    });
    const body = renderHelpComment(config, HOSTILE, 8000, HOSTILE);
    expect(hostileProblems(body)).toEqual([]);
    expect(renderGfm(body)).toContain("<code>x` @octocat &lt;img src=https://evil.example/p.png&gt;");
    expect(body.match(/<!-- issue-planner:/g)).toHaveLength(1);
  });

  it("a failure notice quotes hostile keys and sanitises the reason", () => {
    const result = validateRepoConfig(
      { [HOSTILE]: 1, labels: { "a\n# @octocat": 2 } },
      { forbidden: [], maxBudget: 1 },
    );
    expect(result.ok).toBe(false);
    const reason = configProblemsMessage(result.ok ? [] : result.problems);
    const body = renderFailureComment({ reason, planLabel: HOSTILE, deliveryId: "d-1" });
    expect(hostileProblems(body)).toEqual([]);
    expect(renderGfm(body)).toContain("<code>x` @octocat &lt;img");
    expect(body.match(/<!-- issue-planner:/g)).toHaveLength(1);
  });

  it("a failure reason from elsewhere loses its pings, images and links", () => {
    const reason = "Ask @octocat ![x](https://evil.example/p.png) [go](https://evil.example) <b>now</b>";
    expect(
      hostileProblems(renderFailureComment({ reason, planLabel: "needs-plan", deliveryId: "d" })),
    ).toEqual([]);
  });
});
