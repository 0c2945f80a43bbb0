// The app's messages speak to a server's operator in environment variables; in a workflow the user wrote inputs.
// Every message the Action prints goes through here, so it names the input to fix.

import { SETTING_OF_INPUT } from "./action-inputs.js";

/** The app's setting -> the Action's input that sets it. */
const INPUT_OF_SETTING: Readonly<Record<string, string>> = {
  ...Object.fromEntries(Object.entries(SETTING_OF_INPUT).map(([name, setting]) => [setting, name])),
  GITHUB_TOKEN: "github-token",
};

const SETTING = new RegExp(`\\b(${Object.keys(INPUT_OF_SETTING).join("|")})\\b`, "g");

/**
 * Where a message sends the reader to the operator or the server's logs, the workflow's author is the operator and
 * the run's log (with debug logging for the details) is the log.
 */
const OPERATOR_PHRASES: [RegExp, string][] = [
  [
    /its operator can find the details in the logs/g,
    "the details are in this step's log when the job is re-run with debug logging",
  ],
  [/(?:the app's|its) operator (?:needs to|can) /g, ""],
];

export function inActionTerms(message: string): string {
  let text = message;
  for (const [phrase, replacement] of OPERATOR_PHRASES) text = text.replace(phrase, replacement);
  return text.replace(SETTING, (setting) => `the \`${INPUT_OF_SETTING[setting]}\` input`);
}
