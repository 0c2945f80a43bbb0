// The least a webhook server can do, for the webhook benchmark's reference row: read the body, check its
// signature (HMAC-SHA256, as every GitHub App must), parse it, answer 200. No framework, no queue. What the
// burst costs on this machine with the load generator beside it, below which no handler can go.
//
//   node --import tsx bench/queue/webhook-floor-server.ts <port> <secret>
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";

const [port = "0", secret = ""] = process.argv.slice(2);

createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    const body = Buffer.concat(chunks);
    const expected = Buffer.from(`sha256=${createHmac("sha256", secret).update(body).digest("hex")}`);
    const given = Buffer.from(String(req.headers["x-hub-signature-256"] ?? ""));
    const valid = given.length === expected.length && timingSafeEqual(given, expected);
    if (!valid) {
      res.writeHead(401).end();
      return;
    }
    const payload = JSON.parse(body.toString("utf8")) as { action?: string };
    res.writeHead(payload.action ? 200 : 400, { "content-type": "text/plain" }).end("ok");
  });
}).listen(Number(port), "127.0.0.1", () => console.log("listening"));
