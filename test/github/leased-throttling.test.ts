import Bottleneck from "bottleneck";
import { describe, expect, it } from "vitest";
import { leasedBottleneck } from "../../src/github/leased-throttling.js";

const never = () => new Promise<never>(() => {});

describe("leased write spacing", () => {
  it("gives a job of the write and notification groups at most the lease, whatever expiration it asks for", async () => {
    const Leased = leasedBottleneck(Bottleneck, 50);
    for (const id of ["octokit-write", "octokit-notifications"]) {
      const group = new Leased.Group({ id, maxConcurrent: 1 });
      // As @octokit/plugin-throttling schedules in a cluster: a minute's expiration.
      const held = group.key("app").schedule({ expiration: 60_000 }, never);
      await expect(held).rejects.toThrow("This job timed out after 50 ms.");
      // The slot is free again: the next job runs.
      await expect(group.key("app").schedule({}, async () => "next")).resolves.toBe("next");
    }
  });

  it("leaves the other groups' expirations alone, so a long request is not cut short", async () => {
    const Leased = leasedBottleneck(Bottleneck, 20);
    const group = new Leased.Group({ id: "octokit-global", maxConcurrent: 10 });
    const slow = () => new Promise<string>((resolve) => setTimeout(() => resolve("downloaded"), 200));
    await expect(group.key("app").schedule({ expiration: 60_000 }, slow)).resolves.toBe("downloaded");
  });
});
