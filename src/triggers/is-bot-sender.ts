// Loop guard: events caused by bots (this app included) never trigger a plan.

export interface Sender {
  login: string;
  type?: string | null;
}

export function isBotSender(sender: Sender): boolean {
  return sender.type === "Bot" || sender.login.endsWith("[bot]");
}
