import { describe, expect, it } from "vitest";
import { inActionTerms } from "../../src/action/action-terms.js";

describe("inActionTerms", () => {
  it("names the input where the app's message names its environment variable", () => {
    expect(
      inActionTerms(
        "The app has no language model configured: its operator needs to set OPENAI_API_KEY (or OPENAI_BASE_URL for a server that needs no key).",
      ),
    ).toBe(
      "The app has no language model configured: set the `api-key` input (or the `base-url` input for a server that needs no key).",
    );
    expect(
      inActionTerms(
        "The language model provider does not know the model `gpt-5`; the app's operator needs to check OPENAI_MODEL (for Azure OpenAI, the deployment name) and OPENAI_BASE_URL.",
      ),
    ).toBe(
      "The language model provider does not know the model `gpt-5`; check the `model` input (for Azure OpenAI, the deployment name) and the `base-url` input.",
    );
    expect(inActionTerms("the app's operator can set LLM_OUTPUT_MODE to `auto`")).toBe(
      "set the `output-mode` input to `auto`",
    );
  });

  it("keeps settings the step's `env:` gives, and words that only contain a setting's name", () => {
    expect(inActionTerms("lower CONTEXT_BUDGET_TOKENS")).toBe("lower CONTEXT_BUDGET_TOKENS");
    expect(inActionTerms("MY_CONFIG_PATH_X")).toBe("MY_CONFIG_PATH_X");
  });

  it("sends the reader to the run's debug log instead of an operator's logs", () => {
    expect(inActionTerms("Something went wrong; its operator can find the details in the logs.")).toBe(
      "Something went wrong; the details are in this step's log when the job is re-run with debug logging.",
    );
  });
});
