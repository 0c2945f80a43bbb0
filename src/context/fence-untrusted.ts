// Wraps untrusted text in a fence it cannot close: the fence is longer than any backtick run inside.

export function fenceUntrusted(label: string, text: string): string {
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(Math.max(3, longestRun + 1));
  return `${fence}text ${label}\n${text.length > 0 ? text : "(empty)"}\n${fence}`;
}
