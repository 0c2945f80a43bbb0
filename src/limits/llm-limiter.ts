// Limits on LLM requests, global and per installation: how many run at once, and how many start per minute.
// The counts live in a store (this process, or Redis shared by all workers); a request waits for room a while,
// then its job is handed back to the queue with the time the limit should have room again. A running request
// holds its concurrency slots by a short lease that the limiter renews while the call runs, so a worker that
// dies mid-call (SIGKILL, out of memory) frees its slots within one lease, however long calls may take.
import { LimitWaitError } from "./limit-wait-error.js";

export interface LlmLimits {
  concurrency: number;
  concurrencyPerInstallation: number;
  perMinute: number;
  perMinutePerInstallation: number;
}

export type LimitName =
  | "llm-concurrency"
  | "llm-concurrency-per-installation"
  | "llm-rate"
  | "llm-rate-per-installation";

export type AcquireResult = { ok: true } | { ok: false; limit: LimitName; retryAfterMs: number };

export interface LimitStore {
  /** Takes a slot under every limit at once, or none. `leaseMs`: a slot a crashed worker holds lapses after it. */
  tryAcquire(
    installationId: number,
    token: string,
    limits: LlmLimits,
    now: number,
    leaseMs: number,
  ): Promise<AcquireResult>;
  /** Extends a running request's slots to `now + leaseMs` (taking them again if they lapsed meanwhile). */
  renew(installationId: number, token: string, now: number, leaseMs: number): Promise<void>;
  release(installationId: number, token: string): Promise<void>;
}

export const RATE_WINDOW_MS = 60_000;
export const LIMIT_NAMES: readonly LimitName[] = [
  "llm-concurrency",
  "llm-concurrency-per-installation",
  "llm-rate",
  "llm-rate-per-installation",
];

export interface LlmLimiterOptions {
  store: LimitStore;
  limits: LlmLimits;
  /** How long a slot outlives the last renewal: a dead worker's slots lapse after this. Renewed every third. */
  leaseMs: number;
  /** Longest a job waits for room before it is handed back to the queue. */
  maxWaitMs: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Called with the limit each time a request has to wait for it. */
  onWait?: (limit: LimitName) => void;
  /** Called when a renewal fails (Redis unreachable): the call goes on, its slots may lapse early. */
  onRenewError?: (error: unknown) => void;
}

export class LlmLimiter {
  constructor(private readonly options: LlmLimiterOptions) {}

  /** Runs `call` inside a slot of every limit. */
  async run<T>(installationId: number, call: () => Promise<T>): Promise<T> {
    const { store, limits, leaseMs, maxWaitMs } = this.options;
    const now = this.options.now ?? Date.now;
    const sleep = this.options.sleep ?? ((ms: number) => new Promise((resolve) => setTimeout(resolve, ms)));
    const token = `${now()}:${Math.random().toString(36).slice(2)}`;
    const deadline = now() + maxWaitMs;
    for (;;) {
      const result = await store.tryAcquire(installationId, token, limits, now(), leaseMs);
      if (result.ok) break;
      this.options.onWait?.(result.limit);
      const left = deadline - now();
      if (left <= 0 || result.retryAfterMs > left)
        throw new LimitWaitError(result.limit, result.retryAfterMs);
      // Slots held by running requests free up at any moment: look again soon rather than at the lease's end.
      await sleep(Math.min(Math.max(result.retryAfterMs, 50), 1_000));
    }
    const renewal = setInterval(
      () => {
        store
          .renew(installationId, token, now(), leaseMs)
          .catch((error: unknown) => this.options.onRenewError?.(error));
      },
      Math.max(Math.floor(leaseMs / 3), 10),
    );
    try {
      return await call();
    } finally {
      clearInterval(renewal);
      await store.release(installationId, token);
    }
  }
}

/** The limits in this process's memory: right for the in-process queue, where this is the only worker. */
export class MemoryLimitStore implements LimitStore {
  // Concurrency: token -> lease end. Rate: start times within the window.
  readonly #leases = new Map<string, Map<string, number>>();
  readonly #starts = new Map<string, number[]>();

  async tryAcquire(
    installationId: number,
    token: string,
    limits: LlmLimits,
    now: number,
    leaseMs: number,
  ): Promise<AcquireResult> {
    const keys = limitKeys(installationId);
    const caps = limitValues(limits);
    for (let i = 0; i < 4; i += 1) {
      const key = keys[i] as string;
      const cap = caps[i] as number;
      const name = LIMIT_NAMES[i] as LimitName;
      if (i < 2) {
        const leases = this.#leasesOf(key, now);
        if (leases.size >= cap) return { ok: false, limit: name, retryAfterMs: 250 };
      } else {
        const starts = this.#startsOf(key, now);
        if (starts.length >= cap)
          return {
            ok: false,
            limit: name,
            retryAfterMs: (starts[starts.length - cap] ?? now) + RATE_WINDOW_MS - now,
          };
      }
    }
    for (let i = 0; i < 2; i += 1) this.#leasesOf(keys[i] as string, now).set(token, now + leaseMs);
    for (let i = 2; i < 4; i += 1) this.#startsOf(keys[i] as string, now).push(now);
    return { ok: true };
  }

  async renew(installationId: number, token: string, now: number, leaseMs: number): Promise<void> {
    const keys = limitKeys(installationId);
    for (let i = 0; i < 2; i += 1) this.#leasesOf(keys[i] as string, now).set(token, now + leaseMs);
  }

  async release(installationId: number, token: string): Promise<void> {
    const keys = limitKeys(installationId);
    for (let i = 0; i < 2; i += 1) this.#leases.get(keys[i] as string)?.delete(token);
  }

  #leasesOf(key: string, now: number): Map<string, number> {
    const leases = this.#leases.get(key) ?? new Map<string, number>();
    for (const [token, end] of leases) if (end <= now) leases.delete(token);
    this.#leases.set(key, leases);
    return leases;
  }

  #startsOf(key: string, now: number): number[] {
    const starts = (this.#starts.get(key) ?? []).filter((at) => now - at < RATE_WINDOW_MS);
    this.#starts.set(key, starts);
    return starts;
  }
}

/** Key suffixes in LIMIT_NAMES order. */
export function limitKeys(installationId: number): string[] {
  return ["llm:concurrency", `llm:concurrency:${installationId}`, "llm:rate", `llm:rate:${installationId}`];
}

export function limitValues(limits: LlmLimits): number[] {
  return [
    limits.concurrency,
    limits.concurrencyPerInstallation,
    limits.perMinute,
    limits.perMinutePerInstallation,
  ];
}
