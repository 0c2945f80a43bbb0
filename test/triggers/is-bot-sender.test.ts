import { describe, expect, it } from "vitest";
import { isBotSender } from "../../src/triggers/is-bot-sender.js";

describe("isBotSender", () => {
  it.each([
    [{ login: "issue-planner[bot]", type: "Bot" }, true],
    [{ login: "renovate[bot]", type: null }, true],
    [{ login: "github-actions[bot]" }, true],
    [{ login: "build-service", type: "Bot" }, true],
    [{ login: "Codertocat", type: "User" }, false],
    [{ login: "robot", type: "User" }, false],
    [{ login: "bot-lover[bot]-fan", type: "User" }, false],
  ])("reads %j as a bot: %s", (sender, bot) => {
    expect(isBotSender(sender)).toBe(bot);
  });
});
