// Wraps untrusted text in a fence it cannot close: the fence is longer than any backtick run inside.

export function fenceUntrusted(label: string, text: string): string {
  const fence = fenceFor(text);
  return `${fence}text ${label}\n${text.length > 0 ? text : "(empty)"}\n${fence}`;
}

/** A fence longer than any backtick run in the text. */
export function fenceFor(text: string): string {
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  return "`".repeat(Math.max(3, longestRun + 1));
}
