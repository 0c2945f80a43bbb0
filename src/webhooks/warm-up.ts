// A starting webhook server answers its first thousands of deliveries about twice as slowly as it will later, while
// V8 compiles the code they run: a burst of GitHub events right after a deploy waits on that. So once it listens,
// before /health says it is ready, the server sends itself signed deliveries (warm-up-deliveries.ts) over the
// loopback: they run the very code GitHub's will (the server's HTTP handling and request log, the signature, the
// JSON, the handlers, the configuration hint) and are all turned down: no job, no GitHub request, nothing counted
// in the metrics, their request lines logged at debug. (A second app in a server of its own warms nothing: V8
// keeps what it learns per function instance, and the real server's are its own.)
import { Agent, request } from "node:http";
import { type WarmUpDelivery, warmUpDeliveries } from "./warm-up-deliveries.js";

/** Deliveries in flight together, as GitHub sends a burst. */
const CONCURRENCY = 100;

export interface WarmUpOptions {
  /** The server's webhook URL, on an address this process reaches it at. */
  url: string;
  /** Signs a body as GitHub would, with the server's secret (Probot's `webhooks.sign`). */
  sign: (body: string) => Promise<string>;
  deliveries: number;
  /** No burst starts once this much time has passed, however many deliveries were sent. */
  deadlineMs: number;
  /** Aborted when the server stops: no burst starts after. */
  signal?: AbortSignal;
  /** Milliseconds on a monotonic clock (tests pass their own). */
  now?: () => number;
}

export interface WarmUpReport {
  /** Deliveries answered, by HTTP status ("0": no answer); all 200 when the handlers turned them down. */
  statuses: Record<string, number>;
  sent: number;
  ms: number;
}

export async function warmUpServer(options: WarmUpOptions): Promise<WarmUpReport> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const statuses: Record<string, number> = {};
  let sent = 0;
  try {
    const deliveries = warmUpDeliveries(options.deliveries);
    while (now() - started <= options.deadlineMs && !options.signal?.aborted) {
      const burst = nextBurst(deliveries);
      if (burst.length === 0) break;
      const answers = await Promise.all(burst.map((one) => post(options, one, agent)));
      sent += burst.length;
      for (const status of answers) statuses[status] = (statuses[status] ?? 0) + 1;
    }
  } finally {
    agent.destroy();
  }
  return { statuses, sent, ms: Math.round(now() - started) };
}

function nextBurst(deliveries: Iterator<WarmUpDelivery>): WarmUpDelivery[] {
  const burst: WarmUpDelivery[] = [];
  for (let next = deliveries.next(); !next.done; next = deliveries.next()) {
    burst.push(next.value);
    if (burst.length === CONCURRENCY) break;
  }
  return burst;
}

/** The URL a server listening on `host` (Probot's form: IPv6 in brackets) is reached at from this process. */
export function localWebhookUrl(host: string, port: number, path: string): string {
  const reachable = host === "0.0.0.0" ? "127.0.0.1" : host === "[::]" ? "[::1]" : host;
  return `http://${reachable}:${port}${path}`;
}

/** One signed delivery; resolves with the answer's status (0 when the connection failed). */
async function post(options: WarmUpOptions, one: WarmUpDelivery, agent: Agent): Promise<number> {
  const signature = await options.sign(one.body);
  return new Promise((resolve) => {
    const req = request(
      options.url,
      {
        method: "POST",
        agent,
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(one.body),
          "x-github-event": one.name,
          "x-github-delivery": one.id,
          "x-hub-signature-256": signature,
        },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", () => resolve(0));
    req.end(one.body);
  });
}
