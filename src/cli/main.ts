#!/usr/bin/env node
// The issue-planner CLI's process entry: the command line against the real streams and environment.
import { runCli } from "./run-cli.js";

runCli(process.argv, {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
}).then((code) => {
  process.exitCode = code;
});
