// Whose comments and issues are the app's own, to update in place: a bot's (the app, or `github-actions[bot]`
// in the Action), or, for `issue-planner plan --post` with a personal token, that person's.
export type OwnAuthor = (user: { login: string; type?: string | null } | null | undefined) => boolean;

/**
 * Any bot: where the token's own bot login cannot be known (an Actions or installation token in the Action or the
 * CLI, which may read neither /user nor /app). A user who pastes the app's marker never redirects its writes.
 */
export const botAuthor: OwnAuthor = (user) => user?.type === "Bot";

/** One bot account only: the app's own (`<slug>[bot]`), so another app's comment with our marker is never ours. */
export function namedBotAuthor(login: string): OwnAuthor {
  const wanted = login.toLowerCase();
  return (user) => user?.type === "Bot" && user.login.toLowerCase() === wanted;
}

export function userAuthor(login: string): OwnAuthor {
  const wanted = login.toLowerCase();
  return (user) => user?.login.toLowerCase() === wanted;
}

/** No account: while the app's own login is unknown, nothing is taken for the app's and edited. */
export const nobody: OwnAuthor = () => false;
