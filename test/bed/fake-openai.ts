// A fake OpenAI-compatible server on loopback: answers chat completions with a valid plan (JSON when a JSON
// schema is asked for, Markdown otherwise), records every request, and can be told to answer 429s or to be slow.
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { parsePlanMarkdown } from "../../src/plan/parse-plan-markdown.js";
import { stripWrappingFence } from "../../src/plan/strip-wrapping-fence.js";
import { chatCompletion } from "../helpers/github-mocks.js";
import { closeServer, listenOnLoopback } from "./listen.js";

export const PLAN_MARKDOWN = stripWrappingFence(
  readFileSync(new URL("../fixtures/llm/fenced-plan.md", import.meta.url), "utf8"),
);

export class FakeOpenAi {
  readonly requests: {
    at: number;
    /** The first path segment of a tagged base URL (`baseUrlFor`): which client sent the request. */
    tag: string;
    model: string;
    json: boolean;
    messages: { role: string; content: string }[];
  }[] = [];
  /** Answers this many requests with 429 (and `retry-after-ms`) before answering normally. */
  rateLimitNext = 0;
  retryAfterMs = 200;
  /** Answers the next requests with these errors, in order (a provider's failure as it sends it). */
  failNext: { status: number; body: unknown; headers?: Record<string, string> }[] = [];
  /** The next request is refused as OpenAI refuses a wrong key. */
  rejectKeyNext(): void {
    this.failNext.push({
      status: 401,
      body: {
        error: {
          message: "Incorrect API key provided",
          type: "invalid_request_error",
          code: "invalid_api_key",
        },
      },
    });
  }

  /** Time taken by each answer. */
  delayMs = 0;
  /** The plan every answer carries (a compromised model's, for a test). */
  planMarkdown = PLAN_MARKDOWN;
  #server: Server | undefined;
  port = 0;

  /** Requests being answered now, by tag: a test can stop a client in the middle of a model call. */
  readonly inFlight = new Map<string, number>();

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}/v1`;
  }

  /** A base URL whose requests are recorded with `tag`, to tell apart the processes sharing this server. */
  baseUrlFor(tag: string): string {
    return `http://127.0.0.1:${this.port}/${encodeURIComponent(tag)}/v1`;
  }

  async start(): Promise<void> {
    this.#server = createServer((req, res) => void this.#handle(req, res));
    this.port = await listenOnLoopback(this.#server);
  }

  async stop(): Promise<void> {
    await closeServer(this.#server);
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== "POST" || !req.url?.endsWith("/chat/completions")) {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: "not found" } }));
      return;
    }
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as {
      model: string;
      messages: { role: string; content: string }[];
      response_format?: { type: string };
    };
    const json = body.response_format?.type === "json_schema";
    const tag = /^\/([^/]+)\/v1\//.exec(req.url)?.[1] ?? "";
    this.requests.push({ at: Date.now(), tag, model: body.model, json, messages: body.messages });
    this.inFlight.set(tag, (this.inFlight.get(tag) ?? 0) + 1);
    try {
      await this.#answer(res, body, json);
    } finally {
      this.inFlight.set(tag, (this.inFlight.get(tag) ?? 1) - 1);
    }
  }

  async #answer(res: ServerResponse, body: { model: string }, json: boolean): Promise<void> {
    if (this.rateLimitNext > 0) {
      this.rateLimitNext -= 1;
      res.writeHead(429, { "content-type": "application/json", "retry-after-ms": String(this.retryAfterMs) });
      res.end(
        JSON.stringify({
          error: { message: "Rate limit reached", type: "requests", code: "rate_limit_exceeded" },
        }),
      );
      return;
    }
    const failure = this.failNext.shift();
    if (failure) {
      res.writeHead(failure.status, { "content-type": "application/json", ...failure.headers });
      res.end(JSON.stringify(failure.body));
      return;
    }
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    const plan = parsePlanMarkdown(this.planMarkdown).plan;
    const content = json ? JSON.stringify(plan) : this.planMarkdown;
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ ...chatCompletion(content), model: body.model }));
  }
}
