#!/usr/bin/env node
/**
 * `grafana-scim`: the package's command line, for a configuration repository that holds only
 * environment files and depends on this package ("environments only"; see the README).
 *
 *   grafana-scim synth                          validate and synthesize every environment to cdktf.out
 *   grafana-scim app                            the app command for cdktf.json (cdktf diff/deploy)
 *   grafana-scim runbook <environment>          the manual Okta SCIM steps
 *   grafana-scim verify <environment>           after deploy: the integration's checks, one line each
 *   grafana-scim migration-check <environment>  before assigning users: linked, created or conflict
 *
 * Each subcommand is a {@link Command}: add one to {@link COMMANDS} to plug in another.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { ConfigurationError } from "../constructs/errors";
import { EnvironmentError, maskSecrets, printable } from "../environment-format";
import { Command, CommandIo, UsageError } from "./command";
import { migrationCheckCommand } from "./commands/migration-check";
import { runbookCommand } from "./commands/runbook";
import { appCommand, synthCommand } from "./commands/synth";
import { verifyCommand } from "./commands/verify";

/** The subcommands, by name. */
export const COMMANDS: Readonly<Record<string, Command>> = {
  synth: synthCommand,
  app: appCommand,
  runbook: runbookCommand,
  verify: verifyCommand,
  "migration-check": migrationCheckCommand,
};

const PACKAGE_NAME = "grafana-scim-cdktf";

/** This package's version, from the nearest package.json named grafana-scim-cdktf above this file. */
export function packageVersion(from: string = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (fs.existsSync(file)) {
      const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as { name?: string; version?: string };
      if (manifest.name === PACKAGE_NAME && manifest.version) return manifest.version;
    }
    if (path.dirname(dir) === dir) return "unknown";
  }
}

function help(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  return [
    "usage: grafana-scim <command> [options]",
    "",
    "Commands:",
    ...Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`),
    "",
    "Run grafana-scim <command> --help for a command's options; grafana-scim --version for the version.",
  ].join("\n");
}

const PROCESS_IO: CommandIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  env: process.env,
  isTTY: process.stdout.isTTY === true,
};

/**
 * Runs `grafana-scim` with `argv` (without the node and script paths); returns the exit code:
 * 0 done, 1 a bad environment (its message names the file and field), 2 a command-line mistake.
 */
export async function main(argv: readonly string[], io: CommandIo = PROCESS_IO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    (name === undefined ? io.err : io.out)(`${help()}\n`);
    return name === undefined ? 2 : 0;
  }
  if (name === "--version" || name === "-v") {
    io.out(`${packageVersion()}\n`);
    return 0;
  }
  const command = Object.prototype.hasOwnProperty.call(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (command === undefined) {
    io.err(`grafana-scim: unknown command "${name}"\n\n${help()}\n`);
    return 2;
  }
  let args;
  try {
    args = parseArgs({
      args: [...rest],
      options: { ...command.options, help: { type: "boolean", short: "h" } },
      allowPositionals: command.positionals,
      strict: true,
    });
  } catch (error) {
    // util.parseArgs throws a TypeError with an ERR_PARSE_ARGS_* code for an unknown option, a
    // missing value or an unexpected positional; its message says which.
    if ((error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS_")) {
      io.err(`grafana-scim ${name}: ${(error as Error).message}\n\n${command.usage}\n`);
      return 2;
    }
    throw error;
  }
  if (args.values.help === true) {
    io.out(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run({ values: args.values, positionals: args.positionals }, io);
  } catch (error) {
    if (error instanceof UsageError) {
      // The message may quote a path or value given on the command line: masked and printable.
      io.err(`grafana-scim ${name}: ${printable(maskSecrets(error.message))}\n(grafana-scim ${name} --help shows the usage)\n`);
      return 2;
    }
    if (error instanceof EnvironmentError || error instanceof ConfigurationError) {
      io.err(`${maskSecrets(error.message)}\n`);
      return 1;
    }
    throw error;
  }
}

/** Runs {@link main} as the process: its result becomes the exit code (70 and the stack trace for a defect). */
export function run(argv: readonly string[] = process.argv.slice(2)): void {
  main(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      // Not a user mistake: a defect. Show the stack trace.
      console.error(error);
      process.exitCode = 70;
    },
  );
}

if (require.main === module) run();
