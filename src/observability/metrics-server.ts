// /metrics on a port of its own (METRICS_PORT), so an operator can keep it off the public webhook port.
import { createServer, type Server } from "node:http";
import type { Logger } from "pino";
import { createMetricsHandler, type Metrics } from "./metrics.js";

export async function startMetricsServer(
  metrics: Metrics,
  options: { port: number; host: string; token?: string; log: Logger },
): Promise<Server> {
  const handler = createMetricsHandler(metrics, options.token);
  const server = createServer((req, res) => {
    if (handler(req, res)) return;
    res.writeHead(404, { "content-type": "text/plain" });
    res.end("only /metrics is served on this port\n");
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  options.log.info({ port: options.port, host: options.host }, "metrics served on their own port");
  return server;
}
