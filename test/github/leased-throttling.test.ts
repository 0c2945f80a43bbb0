import Bottleneck from "bottleneck";
import { describe, expect, it } from "vitest";
import { leasedBottleneck } from "../../src/github/leased-throttling.js";
import { writesFirst } from "../../src/github/write-order.js";

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

  it("puts the writes of a job run again ahead of those its process queued, through the plugin's own scheduling", async () => {
    const Leased = leasedBottleneck(Bottleneck, 60_000);
    // As @octokit/plugin-throttling does: each request runs as a task of an unbounded limiter of the given class,
    // and a write first waits for its turn in the write group's limiter of the installation.
    const requests = new Leased();
    const writes = new Leased.Group({ id: "octokit-write", maxConcurrent: 1 });
    const installation = writes.key("installation");
    // The first write holds the installation's only slot until every write has queued behind it.
    let releaseFirst = () => {};
    const first = new Promise<void>((resolve) => {
      releaseFirst = resolve;
    });
    const allQueued = new Promise<void>((resolve) => {
      let queued = 0;
      installation.on("queued", () => {
        queued += 1;
        if (queued === 9) resolve();
      });
    });
    const order: string[] = [];
    const write = (name: string) =>
      requests.schedule(async () => {
        await installation.schedule({ expiration: 60_000 }, name === "a" ? () => first : async () => {});
        order.push(name);
      });
    const fresh = ["a", "b", "c", "d", "e", "f", "g", "h"].map((name) => write(name));
    const resumed = writesFirst(() => write("resumed"));
    await allQueued;
    releaseFirst();
    await Promise.all([...fresh, resumed]);
    // The resumed job's write queued last, and goes as soon as the slot is free: next, not last.
    expect(order[1]).toBe("resumed");
    expect(order).toHaveLength(9);
  });
});
