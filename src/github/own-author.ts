// Whose comments and issues are the app's own, to update in place: a bot's (the app, or `github-actions[bot]`
// in the Action), or, for `issue-planner plan --post` with a personal token, that person's.
export type OwnAuthor = (user: { login: string; type?: string | null } | null | undefined) => boolean;

/** A user who pastes the app's marker must not redirect its writes: only a bot's comment counts. */
export const botAuthor: OwnAuthor = (user) => user?.type === "Bot";

export function userAuthor(login: string): OwnAuthor {
  const wanted = login.toLowerCase();
  return (user) => user?.login.toLowerCase() === wanted;
}
