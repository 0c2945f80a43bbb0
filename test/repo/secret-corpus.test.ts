import { describe, expect, it } from "vitest";
import { buildContext } from "../../src/context/build-context.js";
import { buildPlanMessages } from "../../src/plan/build-plan-messages.js";
import { openLocalSnapshot } from "../../src/repo/local-snapshot.js";
import { safeSnapshot } from "../../src/repo/safe-snapshot.js";
import { lookAlikeCorpus } from "../helpers/lookalike-corpus.js";
import { writeRepo } from "../helpers/planted-secrets.js";
import { type PlantedCredential, secretCorpus } from "../helpers/secret-corpus.js";

/** The whole value, and for long ones its random tail: a partial redaction that leaks the tail counts as a leak. */
function leaked(prompt: string, credential: PlantedCredential): boolean {
  const { value } = credential;
  return prompt.includes(value) || (value.length >= 16 && prompt.includes(value.slice(-12)));
}

/** Files -> local snapshot -> safeSnapshot -> buildContext -> the chat messages sent to the model. */
async function promptFor(files: Record<string, string>) {
  const snapshot = safeSnapshot(await openLocalSnapshot(writeRepo(files)), { maxFileBytes: 512 * 1024 });
  const context = await buildContext(
    snapshot,
    { title: "Rotate the deployment credentials", body: "Move every credential to the secret store." },
    { budget: 400_000, model: "gpt-4.1", include: Object.keys(files) },
  );
  const messages = buildPlanMessages({
    issue: { number: 12, title: "Rotate the deployment credentials", body: null },
    instructions: "",
    codebaseContext: context.text,
  });
  return { prompt: messages.map((message) => message.content).join("\n"), context, snapshot };
}

describe("credentials on their way to the model", () => {
  it("keeps every one of 150+ fake credentials of 60+ kinds out of the prompt, in files of 20+ formats", async () => {
    const corpus = secretCorpus();
    expect(corpus.credentials.length).toBeGreaterThanOrEqual(150);
    expect(new Set(corpus.credentials.map((credential) => credential.type)).size).toBeGreaterThanOrEqual(60);

    const { prompt, context, snapshot } = await promptFor(corpus.files);

    // Every planted file was read and shown whole: the test cannot pass by leaving files out.
    const shown = new Map(context.files.map((file) => [file.path, file.shown]));
    for (const path of Object.keys(corpus.files)) expect(shown.get(path), path).toBe("whole");
    expect(prompt).toContain("kind: Config");
    expect(prompt).toContain("spring.datasource.username=app");

    const leaks = corpus.credentials.filter((credential) => leaked(prompt, credential));
    expect(leaks.map(({ kind, path }) => `${kind} in ${path}`)).toEqual([]);
    expect([...snapshot.redactions.keys()].sort()).toEqual(Object.keys(corpus.files).sort());
  });

  it("leaves at least 95% of credential look-alikes intact: SHAs, UUIDs, hashes, placeholders, references", async () => {
    const corpus = lookAlikeCorpus();
    expect(corpus.lookAlikes.length).toBeGreaterThanOrEqual(40);

    const { prompt, context } = await promptFor(corpus.files);

    expect(context.files.map((file) => file.path).sort()).toEqual(Object.keys(corpus.files).sort());
    const broken = corpus.lookAlikes.filter((lookAlike) => !prompt.includes(lookAlike.text));
    expect(broken.length / corpus.lookAlikes.length).toBeLessThanOrEqual(0.05);
  });
});
