// Reads many files of a commit through one `git cat-file --batch` process instead of a process per file: the
// difference between seconds and minutes on a repository of thousands of files.
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";

interface Pending {
  resolve: (text: string | undefined) => void;
  reject: (error: Error) => void;
}

export class GitBlobReader {
  #process: ChildProcessWithoutNullStreams | undefined;
  #buffer: Buffer = Buffer.alloc(0);
  readonly #queue: Pending[] = [];

  constructor(private readonly gitArgs: string[]) {}

  /** The file's text at the commit, or undefined when the path is not a file there. */
  read(commit: string, path: string): Promise<string | undefined> {
    const child = this.#start();
    return new Promise((resolve, reject) => {
      this.#queue.push({ resolve, reject });
      // Paths with a newline cannot be asked for on this protocol; git tree paths almost never have one.
      if (path.includes("\n")) {
        this.#queue.pop();
        resolve(undefined);
        return;
      }
      this.#hold(true);
      child.stdin.write(`${commit}:${path}\n`);
    });
  }

  close(): void {
    this.#process?.stdin.end();
    this.#process = undefined;
    // Reads still waiting on the closed process would never be answered; the next read starts a new one.
    for (const pending of this.#queue.splice(0)) pending.reject(new Error("the git blob reader was closed"));
    this.#buffer = Buffer.alloc(0);
  }

  #start(): ChildProcessWithoutNullStreams {
    if (this.#process) return this.#process;
    const child = spawn("git", [...this.gitArgs, "cat-file", "--batch"], { stdio: ["pipe", "pipe", "pipe"] });
    child.stdout.on("data", (chunk: Buffer) => {
      if (this.#process !== child) return;
      this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
      this.#drain();
    });
    // A process that was closed or replaced no longer answers for the queue.
    const failAll = (error: Error) => {
      if (this.#process !== child) return;
      for (const pending of this.#queue.splice(0)) pending.reject(error);
      this.#process = undefined;
    };
    child.on("error", failAll);
    // git gone while a read is written: EPIPE on stdin, which unhandled would end the process.
    child.stdin.on("error", failAll);
    child.on("exit", (code) => {
      if (this.#queue.length > 0) failAll(new Error(`git cat-file exited with code ${code}`));
      if (this.#process === child) this.#process = undefined;
    });
    this.#process = child;
    this.#hold(false);
    return child;
  }

  /** Keeps the process (and Node) alive only while reads are pending: an idle reader must not block exit. */
  #hold(busy: boolean): void {
    const child = this.#process;
    if (!child) return;
    const streams = [child.stdout, child.stderr, child.stdin] as unknown as {
      ref?: () => void;
      unref?: () => void;
    }[];
    if (busy) {
      child.ref();
      for (const stream of streams) stream.ref?.();
    } else {
      child.unref();
      for (const stream of streams) stream.unref?.();
    }
  }

  #drain(): void {
    for (;;) {
      const newline = this.#buffer.indexOf(10);
      if (newline < 0) return;
      const header = this.#buffer.subarray(0, newline).toString("utf8");
      if (header.endsWith(" missing") || header.endsWith(" ambiguous")) {
        this.#buffer = this.#buffer.subarray(newline + 1);
        this.#queue.shift()?.resolve(undefined);
        if (this.#queue.length === 0) this.#hold(false);
        continue;
      }
      const [, type, size] = header.split(" ");
      const length = Number(size);
      if (this.#buffer.length < newline + 1 + length + 1) return;
      const body = this.#buffer.subarray(newline + 1, newline + 1 + length);
      this.#buffer = this.#buffer.subarray(newline + 1 + length + 1);
      this.#queue.shift()?.resolve(type === "blob" ? body.toString("utf8") : undefined);
      if (this.#queue.length === 0) this.#hold(false);
    }
  }
}
