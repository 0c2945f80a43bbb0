// Webhook acknowledgement latency: 100 concurrent connections delivering signed `issues.labeled` webhooks (each
// for its own issue, with its own delivery id) to a webhook-only server (WORKER=false) on the Redis queue. Each
// acknowledgement covers the configuration read (cached per repository), the permission check against the fake
// GitHub and the job's enqueueing in Redis.
//
//   npx tsx bench/queue/webhook-ack.ts [--requests 3000]   (writes bench/queue/results/webhook-ack.json)
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { sign } from "../../test/bed/app-process.js";
import { TestBed } from "../../test/bed/bed.js";
import { labeledPayload } from "../../test/bed/payloads.js";

const { values } = parseArgs({ options: { requests: { type: "string", default: "3000" } } });
const total = Number(values.requests);
const bed = new TestBed();
await bed.start();
try {
  const server = await bed.process("server", bed.env("bench-ack", { WORKER: "false", LOG_LEVEL: "warn" }));
  const { repo } = bed.repo(undefined, 0);
  const bodies: string[] = [];
  for (let number = 1; number <= total; number += 1) {
    const issue = bed.github.addIssue(repo, number, `Issue ${number}`, "As a user I want a thing.");
    issue.labels.push("needs-plan");
    bodies.push(JSON.stringify(labeledPayload(repo, issue)));
  }
  let next = 0;
  const result = await autocannon({
    url: server.base,
    connections: 100,
    amount: total,
    requests: [
      {
        method: "POST",
        path: "/api/github/webhooks",
        setupRequest: (request: autocannon.Request) => {
          const body = bodies[next % bodies.length] as string;
          next += 1;
          return {
            ...request,
            body,
            headers: {
              "content-type": "application/json",
              "x-github-event": "issues",
              "x-github-delivery": `ack-${next}`,
              "x-hub-signature-256": sign(body),
            },
          };
        },
      },
    ],
  });
  const summary = {
    measuredAt: new Date().toISOString(),
    node: process.version,
    connections: 100,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    latencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
      mean: result.latency.average,
    },
    throughputPerSecond: result.requests.average,
  };
  console.log(JSON.stringify(summary, null, 2));
  writeFileSync(
    new URL("./results/webhook-ack.json", import.meta.url),
    `${JSON.stringify(summary, null, 2)}\n`,
  );
} finally {
  await bed.stop();
}
