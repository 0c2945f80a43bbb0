// What the provider at the base URL turned out to support, learnt once for the whole process: in `auto` mode the
// first refusal of structured output switches every later plan (of every job, copies of the client included) to
// Markdown replies. One instance per client, shared on purpose; nothing else holds this state.

export class ProviderCapabilities {
  #structuredOutput: boolean | undefined;

  /** undefined until the provider answered or refused a structured-output request. */
  get structuredOutput(): boolean | undefined {
    return this.#structuredOutput;
  }

  acceptedStructuredOutput(): void {
    this.#structuredOutput = true;
  }

  refusedStructuredOutput(): void {
    this.#structuredOutput = false;
  }
}
