// docker-compose.yml cannot be started here (no Docker daemon, no registry): it is checked against the app
// instead, so the example cannot drift from the settings and entry points it names.
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { envSchema } from "../../src/config/env.js";

const root = new URL("../../", import.meta.url).pathname;

interface Service {
  env_file?: { path: string; required?: boolean }[];
  build?: string;
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  stop_grace_period?: string;
  depends_on?: Record<string, { condition: string }>;
  deploy?: { replicas?: number };
}

const compose = parse(readFileSync(`${root}docker-compose.yml`, "utf8"), { merge: true }) as {
  services: Record<string, Service>;
};
const { app, worker, redis } = compose.services as Record<"app" | "worker" | "redis", Service>;

// Variables Probot reads itself, besides the app's own schema; and Node's options.
const PROBOT_VARIABLES = new Set(["APP_ID", "PRIVATE_KEY", "WEBHOOK_SECRET", "PORT", "HOST", "LOG_LEVEL"]);
const NODE_VARIABLES = new Set(["NODE_OPTIONS"]);

describe("docker-compose.yml", () => {
  it("runs a webhook-only server, workers and Redis from the project's own image", () => {
    expect(Object.keys(compose.services).sort()).toEqual(["app", "redis", "worker"]);
    expect(app?.build).toBe(".");
    expect(worker?.image).toBe(app?.image);
    expect(app?.environment).toMatchObject({ REDIS_URL: "redis://redis:6379", WORKER: "false" });
    expect(worker?.environment?.REDIS_URL).toBe("redis://redis:6379");
    expect(worker?.deploy?.replicas).toBeGreaterThan(1);
    for (const service of [app, worker])
      expect(service?.depends_on?.redis?.condition).toBe("service_healthy");
  });

  it("starts the worker with the entry `npm run worker` runs, built by the Dockerfile", () => {
    const scripts = JSON.parse(readFileSync(`${root}package.json`, "utf8")).scripts as Record<string, string>;
    expect(worker?.command?.join(" ")).toBe(scripts.worker);
    expect(
      existsSync(`${root}src/${(worker?.command?.[1] ?? "").replace(/^dist\//, "").replace(/\.js$/, ".ts")}`),
    ).toBe(true);
  });

  it("sets only variables the app or Probot reads, with values the app accepts", () => {
    for (const service of [app, worker]) {
      for (const [name, value] of Object.entries(service?.environment ?? {})) {
        const known = name in envSchema.shape || PROBOT_VARIABLES.has(name) || NODE_VARIABLES.has(name);
        expect(known, name).toBe(true);
        if (name in envSchema.shape)
          expect(envSchema.shape[name as keyof typeof envSchema.shape].safeParse(value).success, name).toBe(
            true,
          );
      }
    }
  });

  it("starts without a .env file and publishes the port the server listens on, PORT's when it is set", () => {
    for (const service of [app, worker])
      expect(service?.env_file).toEqual([{ path: ".env", required: false }]);
    for (const [variables, port] of [
      [{}, "3000"],
      [{ PORT: "8080" }, "8080"],
    ] as const) {
      const interpolated = interpolate(app ?? {}, variables);
      expect(interpolated.ports).toEqual([`${port}:${port}`]);
      expect(interpolated.environment?.PORT).toBe(port);
    }
  });

  it("gives a worker longer to stop than the app's shutdown timeout, and keeps Redis durable and unevicted", () => {
    const shutdownSeconds = (envSchema.shape.SHUTDOWN_TIMEOUT_MS.parse(undefined) as number) / 1000;
    expect(Number.parseInt(worker?.stop_grace_period ?? "0", 10)).toBeGreaterThan(shutdownSeconds);
    expect(redis?.command).toEqual(
      expect.arrayContaining(["--appendonly", "yes", "--maxmemory-policy", "noeviction"]),
    );
  });
});

/** Compose's `${NAME:-default}` interpolation, which the example's ports and PORT use. */
function interpolate(service: Service, variables: Record<string, string>): Service {
  const fill = (text: string) =>
    text.replace(/\$\{(\w+):-([^}]*)\}/g, (_, name: string, fallback: string) => variables[name] || fallback);
  return {
    ...service,
    ports: (service.ports ?? []).map(fill),
    environment: Object.fromEntries(Object.entries(service.environment ?? {}).map(([k, v]) => [k, fill(v)])),
  };
}
