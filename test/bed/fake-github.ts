// A fake GitHub on loopback for full-process tests and benchmarks: the REST and GraphQL endpoints the app uses,
// served under /api/v3 and /api/graphql as GitHub Enterprise Server does (GHE_HOST, GHE_PROTOCOL=http), with the
// state they change (comments, labels, reactions, issues, sub-issues) and a record of every request.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { githubTarball } from "../helpers/make-tarball.js";
import { githubLabel } from "./github-label.js";
import { closeServer, listenOnLoopback } from "./listen.js";

export interface RecordedRequest {
  method: string;
  path: string;
  body: unknown;
  at: number;
  /** The Authorization header sent, if any. */
  authorization?: string;
}

export interface FakeComment {
  id: number;
  body: string;
  user: { login: string; type: "Bot" | "User" };
}

export interface FakeIssue {
  number: number;
  id: number;
  title: string;
  body: string;
  labels: string[];
  comments: FakeComment[];
  reactions: { target: string; content: string }[];
  subIssues: number[];
  state: "open" | "closed";
  /** Who opened it (issues the app's token creates are a bot's). */
  author?: FakeComment["user"];
}

export interface FakeRepo {
  owner: string;
  name: string;
  defaultBranch: string;
  commit: string;
  files: Record<string, string>;
  /** The tarball to serve instead of one made from `files` (a crafted archive). */
  tarball?: Buffer;
  issues: Map<number, FakeIssue>;
  permissions: Map<string, string>;
}

/** A failure to answer instead of the real response, for requests matching `match`, `times` times. */
export interface Fault {
  match: (method: string, path: string) => boolean;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  times: number;
}

/** A request held before GitHub acts on it; one whose client went away meanwhile is never acted on. */
export interface Hold {
  match: (method: string, path: string) => boolean;
  /** Settles when the first matching request arrives. */
  arrived: Promise<void>;
  /** Lets the held request (if its client is still there) go on as usual. */
  release(): void;
}

const BOT = { login: "issue-planner[bot]", type: "Bot" as const };

export class FakeGitHub {
  readonly requests: RecordedRequest[] = [];
  readonly repos = new Map<string, FakeRepo>();
  readonly faults: Fault[] = [];
  readonly #holds: (Hold & { taken: boolean; arrive: () => void; released: Promise<void> })[] = [];
  /** Personal tokens and their users: what they write is authored by that user (the app's token writes as a bot). */
  readonly users = new Map<string, { login: string; type: "User" }>();
  #server: Server | undefined;
  #nextId = 1_000;
  #tarballs = new Map<string, Buffer>();
  port = 0;

  get host(): string {
    return `127.0.0.1:${this.port}`;
  }

  addRepo(
    owner: string,
    name: string,
    files: Record<string, string>,
    commit = "9fb037999f264ba9a7fc6274d15fa3ae2ab98312",
  ): FakeRepo {
    const repo: FakeRepo = {
      owner,
      name,
      defaultBranch: "main",
      commit,
      files,
      issues: new Map(),
      permissions: new Map(),
    };
    this.repos.set(`${owner}/${name}`.toLowerCase(), repo);
    return repo;
  }

  addIssue(repo: FakeRepo, number: number, title: string, body: string): FakeIssue {
    const issue: FakeIssue = {
      number,
      id: 500_000 + number,
      title,
      body,
      labels: [],
      comments: [],
      reactions: [],
      subIssues: [],
      state: "open",
    };
    repo.issues.set(number, issue);
    return issue;
  }

  /** Holds the first request matching `match` until `release()`; see Hold. */
  hold(match: (method: string, path: string) => boolean): Hold {
    let arrive = () => {};
    let release = () => {};
    const arrived = new Promise<void>((resolve) => {
      arrive = resolve;
    });
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const hold = { match, arrived, release, taken: false, arrive, released };
    this.#holds.push(hold);
    return hold;
  }

  /** Requests made since `from` (an index into `requests`), optionally only those whose path matches. */
  since(from: number, pattern?: RegExp): RecordedRequest[] {
    return this.requests.slice(from).filter((request) => !pattern || pattern.test(request.path));
  }

  async start(): Promise<void> {
    this.#server = createServer((req, res) => {
      void this.#handle(req, res).catch((error: unknown) => {
        res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ message: String(error) }));
      });
    });
    this.port = await listenOnLoopback(this.#server);
  }

  async stop(): Promise<void> {
    await closeServer(this.#server);
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? "/", "http://fake");
    const method = req.method ?? "GET";
    const path = url.pathname;
    const raw = await readBody(req);
    const body =
      raw.length > 0 && (req.headers["content-type"] ?? "").includes("json") ? JSON.parse(raw) : raw;
    this.requests.push({
      method,
      path: `${path}${url.search}`,
      body,
      at: Date.now(),
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
    });

    const hold = this.#holds.find((entry) => !entry.taken && entry.match(method, path));
    if (hold) {
      hold.taken = true;
      hold.arrive();
      const gone = new Promise<void>((resolve) => res.once("close", () => resolve()));
      await Promise.race([hold.released, gone]);
      if (res.destroyed) return true;
    }

    const fault = this.faults.find((entry) => entry.times > 0 && entry.match(method, path));
    if (fault) {
      fault.times -= 1;
      return send(res, fault.status, fault.body ?? { message: "fault injected" }, fault.headers);
    }

    if (path.startsWith("/_codeload/")) {
      const tarball = this.#tarballs.get(path);
      if (!tarball) return send(res, 404, { message: "Not Found" });
      res.writeHead(200, { "content-type": "application/x-gzip", "content-length": tarball.length });
      res.end(tarball);
      return true;
    }
    if (method === "POST" && path === "/api/graphql") return this.#graphql(res, body as GraphqlBody);
    const api = path.replace(/^\/api\/v3/, "");
    const token = /^(?:token|bearer) (.+)$/i.exec(req.headers.authorization ?? "")?.[1];
    const user = token ? this.users.get(token) : undefined;
    if (api === "/user" && method === "GET")
      return user
        ? send(res, 200, { ...user, id: 9_000 })
        : send(res, 403, { message: "Resource not accessible by integration", status: "403" });

    // The app itself (JWT): its slug names its bot account.
    if (api === "/app" && method === "GET")
      return send(res, 200, { id: 1, slug: BOT.login.replace(/\[bot\]$/, ""), name: "issue-planner" });

    let match = /^\/app\/installations\/(\d+)\/access_tokens$/.exec(api);
    if (match && method === "POST")
      return send(res, 201, {
        token: `ghs_fake_${match[1]}`,
        expires_at: new Date(Date.now() + 3_600_000).toISOString(),
        permissions: { issues: "write", contents: "read", metadata: "read" },
        repository_selection: "all",
      });

    match = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(api);
    const repo = match ? this.repos.get(`${match[1]}/${match[2]}`.toLowerCase()) : undefined;
    if (!match || !repo) return send(res, 404, { message: "Not Found" });
    const rest = match[3] ?? "";
    return this.#repoRoute(res, method, rest, repo, body, url, user ?? BOT);
  }

  #repoRoute(
    res: ServerResponse,
    method: string,
    rest: string,
    repo: FakeRepo,
    body: unknown,
    url: URL,
    author: FakeComment["user"],
  ): boolean {
    if (rest === "" && method === "GET")
      return send(res, 200, {
        id: 70_000 + this.repos.size,
        name: repo.name,
        full_name: `${repo.owner}/${repo.name}`,
        owner: { login: repo.owner, type: "User" },
        default_branch: repo.defaultBranch,
        private: false,
      });
    const input = (body ?? {}) as Record<string, unknown>;
    let m: RegExpExecArray | null;
    m = /^\/collaborators\/([^/]+)\/permission$/.exec(rest);
    if (m) {
      const permission = repo.permissions.get(decodeURIComponent(m[1] as string)) ?? "write";
      return send(res, 200, { permission, role_name: permission, user: { login: m[1] } });
    }
    m = /^\/commits\/(.+)$/.exec(rest);
    if (m && method === "GET") {
      res.writeHead(200, { "content-type": "application/vnd.github.sha; charset=utf-8" });
      res.end(repo.commit);
      return true;
    }
    m = /^\/tarball\/(.+)$/.exec(rest);
    if (m && method === "GET") {
      const location = `/_codeload/${repo.owner}/${repo.name}/legacy.tar.gz/${repo.commit}`;
      if (!this.#tarballs.has(location))
        this.#tarballs.set(
          location,
          repo.tarball ?? githubTarball(repo.files, `${repo.owner}-${repo.name}-${repo.commit.slice(0, 7)}`),
        );
      res.writeHead(302, { location: `http://${this.host}${location}` });
      res.end();
      return true;
    }
    m = /^\/git\/trees\/([^/]+)$/.exec(rest);
    if (m && method === "GET") {
      const tree = Object.entries(repo.files).map(([path, text]) => ({
        path,
        mode: "100644",
        type: "blob",
        sha: "0".repeat(40),
        size: Buffer.byteLength(text),
      }));
      return send(res, 200, { sha: m[1], tree, truncated: false });
    }
    m = /^\/contents\/(.+)$/.exec(rest);
    if (m && method === "GET") {
      const text = repo.files[decodeURIComponent(m[1] as string)];
      if (text === undefined) return send(res, 404, { message: "Not Found" });
      res.writeHead(200, { "content-type": "application/vnd.github.raw; charset=utf-8" });
      res.end(text);
      return true;
    }
    if (rest === "/issues" && method === "POST") {
      const number = Math.max(0, ...repo.issues.keys()) + 1;
      const issue = this.addIssue(repo, number, String(input.title ?? ""), String(input.body ?? ""));
      issue.author = author;
      return send(res, 201, issueJson(repo, issue));
    }
    m = /^\/issues\/comments\/(\d+)(\/reactions)?$/.exec(rest);
    if (m) {
      const id = Number(m[1]);
      const found = [...repo.issues.values()].flatMap((issue) =>
        issue.comments.filter((comment) => comment.id === id).map((comment) => ({ issue, comment })),
      )[0];
      if (m[2] && method === "POST") {
        const issue = found?.issue ?? [...repo.issues.values()][0];
        issue?.reactions.push({ target: `comment:${id}`, content: String(input.content) });
        return send(res, 201, { id: this.#id(), content: input.content });
      }
      if (!found) return send(res, 404, { message: "Not Found" });
      // As on GitHub, a token may edit or delete only its own user's comments (bots: the app's own).
      if ((method === "PATCH" || method === "DELETE") && found.comment.user.login !== author.login)
        return send(res, 403, { message: "Resource not accessible by personal access token" });
      if (method === "PATCH") {
        found.comment.body = String(input.body ?? "");
        return send(res, 200, { id, body: found.comment.body, user: found.comment.user });
      }
      if (method === "DELETE") {
        found.issue.comments = found.issue.comments.filter((comment) => comment.id !== id);
        res.writeHead(204);
        res.end();
        return true;
      }
    }
    m = /^\/issues\/(\d+)(\/.*)?$/.exec(rest);
    const issue = m ? repo.issues.get(Number(m[1])) : undefined;
    if (!m || !issue) return send(res, 404, { message: "Not Found" });
    const sub = m[2] ?? "";
    if (sub === "" && method === "GET") return send(res, 200, issueJson(repo, issue));
    if (sub === "" && method === "PATCH") {
      if (typeof input.body === "string") issue.body = input.body;
      if (typeof input.title === "string") issue.title = input.title;
      if (input.state === "closed" || input.state === "open") issue.state = input.state;
      return send(res, 200, issueJson(repo, issue));
    }
    if (sub === "/comments" && method === "GET") {
      const page = Number(url.searchParams.get("page") ?? "1");
      const perPage = Number(url.searchParams.get("per_page") ?? "30");
      const slice = issue.comments.slice((page - 1) * perPage, page * perPage);
      return send(res, 200, slice);
    }
    if (sub === "/comments" && method === "POST") {
      const comment: FakeComment = { id: this.#id(), body: String(input.body ?? ""), user: author };
      issue.comments.push(comment);
      return send(res, 201, comment);
    }
    if (sub === "/reactions" && method === "POST") {
      issue.reactions.push({ target: "issue", content: String(input.content) });
      return send(res, 201, { id: this.#id(), content: input.content });
    }
    if (sub === "/labels" && method === "POST") {
      for (const name of (input.labels as string[]) ?? [])
        if (!issue.labels.includes(name)) issue.labels.push(name);
      return send(res, 200, labelsJson(repo, issue.labels));
    }
    m = /^\/labels\/(.+)$/.exec(sub);
    if (m && method === "DELETE") {
      const name = decodeURIComponent(m[1] as string);
      if (!issue.labels.includes(name)) return send(res, 404, { message: "Label does not exist" });
      issue.labels = issue.labels.filter((label) => label !== name);
      return send(res, 200, labelsJson(repo, issue.labels));
    }
    if (sub === "/sub_issues" && method === "GET")
      return send(
        res,
        200,
        issue.subIssues.flatMap((number) => {
          const child = repo.issues.get(number);
          return child ? [issueJson(repo, child)] : [];
        }),
      );
    if (sub === "/sub_issues" && method === "POST") {
      const child = [...repo.issues.values()].find((candidate) => candidate.id === input.sub_issue_id);
      if (!child) return send(res, 422, { message: "Validation Failed" });
      issue.subIssues.push(child.number);
      return send(res, 201, issueJson(repo, issue));
    }
    return send(res, 404, { message: "Not Found" });
  }

  #graphql(res: ServerResponse, body: GraphqlBody): boolean {
    const variables = body.variables ?? {};
    const repo = this.repos.get(`${variables.owner}/${variables.repo}`.toLowerCase());
    if (!repo || !body.query.includes("issuePlannerSetup"))
      return send(res, 200, {
        data: null,
        errors: [{ type: "NOT_FOUND", message: "unknown query or repository" }],
      });
    const path = String(variables.expression ?? "").replace(/^HEAD:/, "");
    const text = repo.files[path];
    const ownerDefaults = this.repos.get(`${variables.owner}/.github`.toLowerCase());
    const ownerText = ownerDefaults?.files[path];
    const blob = (value: string | undefined) =>
      value === undefined ? null : { __typename: "Blob", text: value, isBinary: false };
    return send(res, 200, {
      data: {
        repository: { defaultBranchRef: { target: { oid: repo.commit } }, file: blob(text) },
        ownerDefaults: ownerDefaults ? { file: blob(ownerText) } : null,
      },
      ...(ownerDefaults
        ? {}
        : {
            errors: [
              {
                type: "NOT_FOUND",
                path: ["ownerDefaults"],
                message: `Could not resolve to a Repository with the name '${variables.owner}/.github'.`,
              },
            ],
          }),
    });
  }

  #id(): number {
    this.#nextId += 1;
    return this.#nextId;
  }
}

interface GraphqlBody {
  query: string;
  variables?: Record<string, unknown>;
}

function labelsJson(repo: FakeRepo, names: string[]) {
  return names.map((name) => githubLabel(`${repo.owner}/${repo.name}`, name));
}

function issueJson(repo: FakeRepo, issue: FakeIssue) {
  return {
    id: issue.id,
    number: issue.number,
    title: issue.title,
    body: issue.body,
    state: issue.state,
    labels: labelsJson(repo, issue.labels),
    comments: issue.comments.length,
    user: issue.author ?? BOT,
  };
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): true {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  res.end(text);
  return true;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
