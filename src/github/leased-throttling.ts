// Probot's GitHub request throttling, shared by every process through Redis when REDIS_URL is set, with short
// leases where it only spaces writes out. @octokit/plugin-throttling registers every write as a job of its
// `octokit-write` (1 s apart) and `octokit-notifications` (3 s apart) groups with a 60 s expiration: a worker
// killed between a job's registration and its end holds the app's only write slot for that minute, and every
// process's writes wait. Those jobs are no-ops that run within the spacing, so their slots can lapse quickly.
// The writes of a job run again go ahead of its process's other queued writes (write-order.ts).
import { AsyncResource } from "node:async_hooks";
import type Bottleneck from "bottleneck";
import { ProbotOctokit } from "probot";
import { writeOrder } from "./write-order.js";

/** Groups whose jobs are instant no-ops, run at most their spacing (3 s) after they are registered. */
const SPACING_GROUPS = new Set(["octokit-write", "octokit-notifications"]);
/** A spacing job's slot lapses this long after its registration when its process is gone. */
const SPACING_LEASE_MS = 5_000;

/**
 * A Bottleneck whose spacing groups give each job at most `leaseMs` before its slot lapses and order it by the
 * scheduling job's write order, and whose own limiters run each task in the context that scheduled it.
 */
export function leasedBottleneck(Base: typeof Bottleneck, leaseMs = SPACING_LEASE_MS): typeof Bottleneck {
  class LeasedGroup extends Base.Group {
    readonly #spacing: boolean;
    readonly #capped = new WeakSet<Bottleneck>();

    constructor(options: Bottleneck.ConstructorOptions = {}) {
      super(options);
      this.#spacing = SPACING_GROUPS.has(String(options.id ?? ""));
    }

    override key(name = ""): Bottleneck {
      const limiter = super.key(name);
      if (this.#spacing && !this.#capped.has(limiter)) {
        this.#capped.add(limiter);
        capExpiration(limiter, leaseMs);
      }
      return limiter;
    }
  }
  return class extends Base {
    static override Group = LeasedGroup;

    constructor(options?: Bottleneck.ConstructorOptions) {
      super(options);
      keepCallersContext(this);
    }
  } as typeof Bottleneck;
}

/**
 * Runs each scheduled task in the async context of the call that scheduled it. Bottleneck runs a task from whichever
 * call drains its queue, so without this the plugin's request wrapper (scheduled on such a limiter) would see another
 * job's context, and its writes another job's order.
 */
function keepCallersContext(limiter: Bottleneck): void {
  const schedule = limiter.schedule.bind(limiter) as (...args: unknown[]) => Promise<unknown>;
  const bound = (...args: unknown[]): Promise<unknown> => {
    // The task is the first function (after the options, when given); the arguments passed to it stay as they are.
    const task = args.findIndex((arg) => typeof arg === "function");
    if (task >= 0) args[task] = AsyncResource.bind(args[task] as (...a: unknown[]) => unknown);
    return schedule(...args);
  };
  Object.assign(limiter, { schedule: bound });
}

function capExpiration(limiter: Bottleneck, capMs: number): void {
  const schedule = limiter.schedule.bind(limiter) as (...args: unknown[]) => Promise<unknown>;
  const capped = (...args: unknown[]): Promise<unknown> => {
    const [first, ...rest] = args;
    const order = writeOrder.getStore();
    const ordered = order === undefined ? {} : { priority: order };
    if (typeof first === "function") return schedule({ ...ordered, expiration: capMs }, first, ...rest);
    const options = (first ?? {}) as Bottleneck.JobOptions;
    const expiration = Math.min(options.expiration ?? capMs, capMs);
    return schedule({ ...ordered, ...options, expiration }, ...rest);
  };
  Object.assign(limiter, { schedule: capped });
}

const leased = new WeakMap<typeof Bottleneck, typeof Bottleneck>();

/** Probot's Octokit with the leased spacing groups whenever Probot shares its throttling through Redis. */
export const LeasedThrottlingOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => {
  const throttle = options.throttle as { Bottleneck?: typeof Bottleneck; connection?: unknown } | undefined;
  if (!throttle?.Bottleneck || !throttle.connection) return options;
  const Base = throttle.Bottleneck;
  const Leased = leased.get(Base) ?? leasedBottleneck(Base);
  leased.set(Base, Leased);
  return { ...options, throttle: { ...throttle, Bottleneck: Leased } };
});
