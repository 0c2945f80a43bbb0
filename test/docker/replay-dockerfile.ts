// Replays a Dockerfile's steps without Docker (this machine reaches no image registry): each stage gets a
// folder standing for its WORKDIR, COPY copies from the build context or an earlier stage's folder, RUN runs
// in the stage's folder with the stage's ENV, and the last stage's CMD and HEALTHCHECK are returned to start.
// An instruction it does not know stops the replay, so a changed Dockerfile cannot pass unreplayed.
import { execFile } from "node:child_process";
import { cpSync, mkdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { promisify } from "node:util";
import { type Copy, DockerfileParser, type Env, type From } from "dockerfile-ast";

const run = promisify(execFile);

export interface ReplayedStage {
  name: string | undefined;
  base: string;
  dir: string;
  env: Record<string, string>;
  user: string | undefined;
  exposed: string[];
  healthcheck: string | undefined;
  cmd: string[] | undefined;
  /** Each RUN with the seconds it took. */
  runs: { command: string; seconds: number }[];
}

export interface ReplayOptions {
  context: string;
  root: string;
  /** Variables every RUN sees besides the stage's ENV (PATH, an npm cache of the replay's own). */
  runEnv: Record<string, string>;
}

export async function replayDockerfile(path: string, options: ReplayOptions): Promise<ReplayedStage[]> {
  const dockerfile = DockerfileParser.parse(readFileSync(path, "utf8"));
  const stages: ReplayedStage[] = [];
  let stage: ReplayedStage | undefined;
  for (const instruction of dockerfile.getInstructions()) {
    const keyword = instruction.getKeyword();
    const args = instruction.getArgumentsContent() ?? "";
    if (keyword === "FROM") {
      const from = instruction as From;
      stage = {
        name: from.getBuildStage() ?? undefined,
        base: from.getImage() ?? args,
        dir: join(options.root, `stage-${stages.length}`),
        env: {},
        user: undefined,
        exposed: [],
        healthcheck: undefined,
        cmd: undefined,
        runs: [],
      };
      mkdirSync(stage.dir, { recursive: true });
      stages.push(stage);
      continue;
    }
    if (!stage) throw new Error(`${keyword} before FROM`);
    switch (keyword) {
      case "WORKDIR":
        // The stage's folder stands for its one working directory.
        if (args !== "/app") throw new Error(`the replay knows WORKDIR /app only, not ${args}`);
        break;
      case "ENV":
        for (const property of (instruction as Env).getProperties())
          stage.env[property.getName()] = property.getValue() ?? "";
        break;
      case "COPY": {
        const copy = instruction as Copy;
        const from = copy.getFromFlag()?.getValue();
        const parts = copy.getArguments().map((argument) => argument.getValue());
        const target = parts.pop() as string;
        const source = from ? stages.find((entry) => entry.name === from)?.dir : options.context;
        if (!source) throw new Error(`COPY --from=${from}: no such stage`);
        for (const part of parts) {
          const origin = from ? join(source, part.replace(/^\/app\/?/, "")) : join(source, part);
          const destination = target.endsWith("/")
            ? join(stage.dir, target, basename(part))
            : join(stage.dir, target);
          cpSync(origin, destination, { recursive: true });
        }
        break;
      }
      case "RUN": {
        const started = performance.now();
        await run("sh", ["-c", args], {
          cwd: stage.dir,
          env: { ...options.runEnv, ...stage.env },
          maxBuffer: 64 * 1024 * 1024,
        });
        stage.runs.push({ command: args, seconds: (performance.now() - started) / 1000 });
        break;
      }
      case "USER":
        stage.user = args;
        break;
      case "EXPOSE":
        stage.exposed.push(...args.split(/\s+/));
        break;
      case "HEALTHCHECK": {
        const match = /^CMD\s+(.+)$/s.exec(args);
        if (!match) throw new Error(`the replay knows HEALTHCHECK CMD <shell command> only, not ${args}`);
        stage.healthcheck = match[1];
        break;
      }
      case "CMD":
        stage.cmd = JSON.parse(args) as string[];
        break;
      default:
        throw new Error(`the replay does not know ${keyword}: teach test/docker/replay-dockerfile.ts`);
    }
  }
  return stages;
}
