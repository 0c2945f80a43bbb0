// What `plan --dry-run` prints: the messages the model would get, with their token counts. Which prompt is sent
// depends on the reply format: JSON by schema, or Markdown for a provider that refuses structured output. When
// the output mode settles it (`json`, `markdown`) that one prompt; in `auto` both, labelled, since which one is
// sent is only known once the provider answers.
import type { AppEnv } from "../config/env.js";
import { tokenCounterFor } from "../context/count-tokens.js";
import { buildPlanMessages, type PlanInput } from "../plan/build-plan-messages.js";
import type { ReplyFormat } from "../plan/read-plan-reply.js";
import { EXIT } from "./cli-error.js";
import type { CommandOutput } from "./cli-io.js";

interface DryRunPrompt {
  format: ReplyFormat;
  /** When this prompt is the one sent. */
  sentWhen: string;
  messages: { role: string; content: string; tokens: number }[];
  totalTokens: number;
}

export function dryRunPrompts(
  input: PlanInput,
  model: string,
  outputMode: AppEnv["LLM_OUTPUT_MODE"],
): DryRunPrompt[] {
  const count = tokenCounterFor(model);
  const prompt = (format: ReplyFormat, sentWhen: string): DryRunPrompt => {
    const messages = buildPlanMessages(input, format).map((message) => ({
      ...message,
      tokens: count(message.content),
    }));
    return {
      format,
      sentWhen,
      messages,
      totalTokens: messages.reduce((sum, message) => sum + message.tokens, 0),
    };
  };
  if (outputMode === "json") return [prompt("json", "always (LLM_OUTPUT_MODE=json)")];
  if (outputMode === "markdown") return [prompt("markdown", "always (LLM_OUTPUT_MODE=markdown)")];
  return [
    prompt("json", "first (LLM_OUTPUT_MODE=auto asks for structured output)"),
    prompt("markdown", "instead, when the provider refuses structured output (LLM_OUTPUT_MODE=auto)"),
  ];
}

export function dryRunOutput(prompts: DryRunPrompt[], model: string, json: boolean): CommandOutput {
  if (json) return { stdout: `${JSON.stringify({ model, prompts }, null, 2)}\n`, exitCode: EXIT.ok };
  const shown = new Map<string, ReplyFormat>();
  const sections = prompts.map((prompt, index) => {
    const head =
      prompts.length > 1
        ? `##### prompt ${index + 1} of ${prompts.length}: ${prompt.format} replies, sent ${prompt.sentWhen} #####\n\n`
        : "";
    const messages = prompt.messages.map((message) => {
      const title = `===== ${message.role} message (${message.tokens} tokens) =====`;
      const same = shown.get(message.content);
      if (same) return `${title}\n(the same as the ${message.role} message of the ${same} prompt above)\n`;
      shown.set(message.content, prompt.format);
      return `${title}\n${message.content}\n`;
    });
    const total = `===== ${prompt.totalTokens} tokens in all, for ${model} (${prompt.format} replies) =====\n`;
    return `${head}${messages.join("\n")}\n${total}`;
  });
  return { stdout: sections.join("\n"), exitCode: EXIT.ok };
}
