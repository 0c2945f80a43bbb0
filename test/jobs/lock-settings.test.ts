// The lock arithmetic that bounds how long a dead worker's job waits (the queue itself: queue-contract.test.ts).
import { describe, expect, it } from "vitest";
import { lockSettings } from "../../src/jobs/lock-settings.js";

describe("lockSettings", () => {
  it.each([10_000, 30_000, 1_500])(
    "hands a dead worker's job over within nine tenths of %i ms",
    (takeoverMs) => {
      const { lockDuration, stalledInterval, issueLockMs, heartbeatMs } = lockSettings(takeoverMs);
      // The lock lapses at most lockDuration after the last renewal; the next check after that moves the job.
      expect(lockDuration + stalledInterval).toBeLessThanOrEqual(0.9 * takeoverMs);
      // A live worker renews every half lock: its event loop may stall this long before the job looks dead.
      expect(lockDuration / 2).toBeGreaterThanOrEqual(0.29 * takeoverMs);
      expect(issueLockMs).toBe(takeoverMs);
      expect(heartbeatMs).toBeLessThan(issueLockMs / 2);
    },
  );

  it("keeps a usable lock for a tiny takeover time", () => {
    expect(lockSettings(10)).toMatchObject({ lockDuration: 200, stalledInterval: 100 });
  });
});
