// `.github/issue-planner.yml`: what a repository may configure. Every key is checked; an unknown or invalid key
// is reported by name with the form it expects, instead of being silently ignored.
import { z } from "zod";

const label = z.string().trim().min(1).max(50);

/** The kinds of repository a plan tells apart (see src/plan/plan-profile.ts). */
export const REPOSITORY_KINDS = ["web app", "API service", "library", "CLI", "monorepo"] as const;

export const repoConfigSchema = z
  .object({
    labels: z
      .object({
        /** The label that asks for a plan. */
        trigger: label.default("needs-plan").describe("a label name, e.g. needs-plan"),
        /** Added once a plan is posted; `false` adds none. */
        planned: z
          .union([label, z.literal(false)])
          .default("planned")
          .describe("a label name, or false"),
        /** Remove the trigger label once the plan is posted. */
        removeTrigger: z.boolean().default(true).describe("true or false"),
        /** Issues with any of these labels are never planned. */
        exclude: z.array(label).default([]).describe("a list of label names"),
      })
      .strict()
      .default({ trigger: "needs-plan", planned: "planned", removeTrigger: true, exclude: [] }),
    triggers: z
      .object({
        /** Plan when the trigger label is added. */
        label: z.boolean().default(true).describe("true or false"),
        /** Plan on `/plan` comments. */
        command: z.boolean().default(true).describe("true or false"),
        /** Plan every new issue as it is opened (off by default: bots that comment unasked get switched off). */
        issueOpened: z.boolean().default(false).describe("true or false"),
      })
      .strict()
      .default({ label: true, command: true, issueOpened: false }),
    permissions: z
      .object({
        /** Lowest repository permission that may ask for a plan with `/plan`. */
        minimum: z
          .enum(["triage", "write", "maintain", "admin"])
          .default("write")
          .describe("one of triage, write, maintain, admin"),
        /** Users allowed to ask whatever their permission. */
        users: z
          .array(z.string().trim().min(1).max(39))
          .max(500)
          .default([])
          .describe("a list of up to 500 GitHub logins"),
        /** Author associations allowed to ask whatever their permission (e.g. MEMBER). */
        associations: z
          .array(
            z.enum([
              "OWNER",
              "MEMBER",
              "COLLABORATOR",
              "CONTRIBUTOR",
              "FIRST_TIME_CONTRIBUTOR",
              "FIRST_TIMER",
              "NONE",
            ]),
          )
          .default([])
          .describe("a list of OWNER, MEMBER, COLLABORATOR, CONTRIBUTOR..."),
      })
      .strict()
      .default({ minimum: "write", users: [], associations: [] }),
    /** Model for this repository's plans, when the server allows repositories to choose. */
    model: z.string().trim().min(1).max(100).optional().describe("a model name, e.g. gpt-4.1"),
    context: z
      .object({
        /** Tokens of repository context per plan. */
        budget: z.number().int().min(2_000).optional().describe("a whole number of tokens, at least 2000"),
        /** gitignore-style patterns of paths never read. */
        exclude: z
          .array(z.string().min(1).max(500))
          .max(200)
          .default([])
          .describe("a list of up to 200 gitignore-style patterns"),
        /** Files always given to the model (conventions, architecture notes). */
        include: z
          .array(z.string().min(1).max(500))
          .max(20)
          .default([])
          .describe("a list of up to 20 file paths"),
      })
      .strict()
      .default({ exclude: [], include: [] }),
    plan: z
      .object({
        /** Language of the plan's prose; headings and markers stay as the format has them. */
        language: z
          .string()
          .trim()
          .min(2)
          .max(40)
          .default("English")
          .describe("a language name, e.g. German"),
        /** Team conventions appended to the model's instructions. */
        instructions: z.string().max(4_000).default("").describe("text of at most 4000 characters"),
        /**
         * Where the plan goes: its own comment; a marked section at the end of the issue body (GitHub then shows
         * the task progress in issue lists); or the comment plus one linked sub-issue per phase.
         */
        output: z
          .enum(["comment", "body", "sub-issues"])
          .default("comment")
          .describe("one of comment, body, sub-issues"),
        /** What the repository is, when its detection is wrong: it decides which of the plan's rules apply. */
        repositoryKind: z
          .enum(REPOSITORY_KINDS)
          .optional()
          .describe(`one of ${REPOSITORY_KINDS.join(", ")}`),
      })
      .strict()
      .default({ language: "English", instructions: "", output: "comment" }),
    limits: z
      .object({
        /** Plans this repository's installation may start per hour (at most the operator's limit). */
        plansPerHour: z.number().int().min(1).optional().describe("a whole number of plans, at least 1"),
        /** Plans per day (at most the operator's limit). */
        plansPerDay: z.number().int().min(1).optional().describe("a whole number of plans, at least 1"),
        /** Tokens one plan may use, repair rounds included (at most the operator's limit). */
        maxTokensPerPlan: z
          .number()
          .int()
          .min(4_000)
          .optional()
          .describe("a whole number of tokens, at least 4000"),
      })
      .strict()
      .default({}),
  })
  .strict();

export type RepoConfig = z.infer<typeof repoConfigSchema>;

const CONFIG_FILE = "issue-planner.yml";
export const CONFIG_PATH = `.github/${CONFIG_FILE}`;

export function defaultRepoConfig(): RepoConfig {
  return repoConfigSchema.parse({});
}
