/**
 * The delivery command line, one subcommand per step the workflows run:
 *
 * ```sh
 * delivery summary --stack prod (--plan-dir DIR | --plan-json plan.json --plan-text plan.txt) \
 *   [--config cdktf.out/stacks/prod/cdk.tf.json] [--log-url URL] [--output comment.md] [--redacted-output plan.redacted.txt] [--title T] \
 *   [--fail-on-critical [--allow-critical-digest sha256:…]] [--approval-output approval.json]
 * delivery redact [--config cdk.tf.json] [--plan-json plan.json] [--in FILE | --follow FILE --until MARKER] [--out FILE] [--log]
 * delivery verify --approval approval.json --plan-json plan.json --stack prod [--config cdktf.out/stacks/prod/cdk.tf.json]
 * delivery superseded --stack prod --commit <sha> [--ref origin/main]
 * delivery ready --dir approved --stacks '["prod","dev"]'
 * ```
 * The deploy's plan jobs leave `approved/<stack>/status` (one of {@link PLAN_STATUSES}) and, when
 * ready, `approved/<stack>/approval.json`; `ready` turns those into the apply matrix.
 * ```sh
 * ```
 * Locally: `npm run delivery -- <subcommand> …`. The workflows run the same code as the
 * dependency-free bundle `node scripts/ci/delivery.cjs <subcommand> …` (see `npm run build:delivery`).
 */
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import * as readline from "node:readline";
import { StringDecoder } from "node:string_decoder";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { approvalMismatch, approvalOf, isDigest, type Approval } from "./approval";
import { supersededBy } from "./changes";
import { renderComment, visibleControls } from "./comment";
import { changeReviewMarkers, DEFAULT_CRITICAL_POLICY, type ChangeReviewMarkers } from "./critical";
import { parsePlan } from "./plan-json";
import { environmentSecrets, redact, Redactor, sensitiveValues, type ConfigurationFile } from "./redaction";
import { countsLine, summarizePlan, type PlanSummary } from "./summary";

/** Exit code of `summary --fail-on-critical` when the plan has a critical change nobody approved. */
export const EXIT_CRITICAL = 3;
/** Exit code of `verify` when the plan is not the one that was approved. */
export const EXIT_CHANGED = 4;

/** Where the CLI writes and what it can read. */
export interface CliContext {
  readonly env: NodeJS.ProcessEnv;
  /** Diagnostic lines (stderr). */
  readonly log: (line: string) => void;
  /** Standard output. */
  readonly stdout: (text: string) => void;
}

/** Writes `text` to `file`, creating its folder. */
function writeFile(file: string, text: string): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, text);
}

const defaultContext = (): CliContext => ({ env: process.env, log: (line) => console.error(line), stdout: (text) => process.stdout.write(text) });

/** A usage error: the message is for the person who typed the command. */
export class UsageError extends Error {}

function parse<T extends NonNullable<ParseArgsConfig["options"]>>(argv: readonly string[], options: T, required: ReadonlyArray<keyof T & string>) {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }) as { values: Record<string, string | boolean | undefined> });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  for (const name of required) if (values[name] === undefined) throw new UsageError(`--${name} is required`);
  return values;
}

const SUMMARY_OPTIONS = {
  stack: { type: "string" },
  "plan-dir": { type: "string" },
  "plan-json": { type: "string" },
  "plan-text": { type: "string" },
  config: { type: "string" },
  output: { type: "string" },
  "redacted-output": { type: "string" },
  "log-url": { type: "string" },
  title: { type: "string" },
  "fail-on-critical": { type: "boolean", default: false },
  "allow-critical-digest": { type: "string" },
  "approval-output": { type: "string" },
  "status-output": { type: "string" },
} as const satisfies NonNullable<ParseArgsConfig["options"]>;

/**
 * `summary`: reads the plan files, writes the comment (to `--output` or stdout), and reports
 * `has_changes`, `checks_failed`, `critical`, `failed`, `findings` and `digest` to
 * `$GITHUB_OUTPUT` when set. With `--approval-output`, writes the plan's {@link Approval} (its
 * digest) for the apply job; with `--status-output`, the {@link PlanStatus} (`ready`, `no-changes`,
 * `refused-critical`, `failed`). Returns the exit code: 0, or {@link EXIT_CRITICAL} with
 * `--fail-on-critical` and a critical change, unless `--allow-critical-digest` names this very
 * plan's digest (a person approved these critical changes, not whatever the next plan holds).
 * `--plan-dir` reads what scripts/ci/terraform-plan.sh wrote there (plan.json, plan.txt, kind,
 * exitcode). A missing or empty plan.json means the plan failed, unless `kind` says
 * `speculative` (HCP Terraform): the comment then shows the (redacted) text with what the exit
 * code tells. `--config` is the stack's cdk.tf.json: the purposes its constructs marked decide
 * whether replacing a `terraform_data`, `msgraph_resource_action` or `time_sleep` is critical
 * (without it every such replace or destroy is).
 */
export function summaryCommand(argv: readonly string[], context: CliContext = defaultContext()): number {
  const options = parse(argv, SUMMARY_OPTIONS, ["stack"]);
  const stack = options.stack as string;
  const dir = options["plan-dir"] as string | undefined;
  const planJsonFile = (options["plan-json"] as string | undefined) ?? (dir && path.join(dir, "plan.json"));
  const planTextFile = (options["plan-text"] as string | undefined) ?? (dir && path.join(dir, "plan.txt"));
  if (!planJsonFile || !planTextFile) throw new UsageError("--plan-dir, or --plan-json and --plan-text, are required");
  const readIf = (file: string | undefined) => (file && fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "");
  const text = readIf(planTextFile);
  const jsonText = readIf(planJsonFile);
  const plan = jsonText.trim() ? parsePlan(jsonText, planJsonFile) : undefined;
  const exitCode = readIf(dir && path.join(dir, "exitcode")).trim();
  const speculative =
    !plan && readIf(dir && path.join(dir, "kind")).trim() === "speculative"
      ? { hasChanges: exitCode === "2", checksFail: /Warning: Check block assertion failed/.test(text) }
      : undefined;
  const secrets = [...(plan ? sensitiveValues(plan) : []), ...environmentSecrets(undefined, context.env)];
  const markers = markersOf(options.config as string | undefined);
  const raw = plan ? summarizePlan(plan, DEFAULT_CRITICAL_POLICY, markers) : undefined;
  // Check messages are Terraform's own text: a provider error or a message template can carry a secret.
  const summary = raw && { ...raw, checks: raw.checks.map((c) => ({ ...c, messages: c.messages.map((m) => redact(m, secrets)) })) };
  const redacted = redact(text, secrets);
  const approval = plan ? approvalOf(stack, plan, criticalByAddress(raw!)) : undefined;
  if (options["approval-output"] && approval) writeFile(options["approval-output"] as string, `${JSON.stringify(approval, null, 2)}\n`);
  const allowDigest = options["allow-critical-digest"] as string | undefined;
  if (allowDigest !== undefined && allowDigest !== "" && !isDigest(allowDigest)) throw new UsageError(`--allow-critical-digest must be a plan digest (sha256: and 64 hex digits), got ${JSON.stringify(allowDigest)}`);
  if (options["redacted-output"]) writeFile(options["redacted-output"] as string, redacted);
  const comment = renderComment({
    stack,
    planText: redacted,
    ...(summary ? { summary } : {}),
    ...(options["log-url"] ? { logUrl: options["log-url"] as string } : {}),
    ...(options.title ? { title: options.title as string } : {}),
    ...(approval ? { digest: approval.digest } : {}),
    ...(speculative ? { speculative } : {}),
  });
  if (options.output) writeFile(options.output as string, comment);
  else context.stdout(comment);
  const isCritical = (summary?.critical.length ?? 0) > 0;
  if (context.env.GITHUB_OUTPUT) {
    const checksFail = summary?.checksFail ?? speculative?.checksFail ?? false;
    const hasChanges = summary?.hasChanges ?? speculative?.hasChanges ?? false;
    const failed = summary === undefined && speculative === undefined;
    fs.appendFileSync(
      context.env.GITHUB_OUTPUT,
      `has_changes=${hasChanges}\nchecks_failed=${checksFail}\ncritical=${isCritical}\nfailed=${failed}\n` +
        // What the drift check reports: a change, a failing check or a failed plan.
        `findings=${failed || hasChanges || checksFail}\ndigest=${approval?.digest ?? ""}\n`,
    );
  }
  const failing = summary?.checks.filter((c) => c.status !== "unknown").length ?? 0;
  context.log(
    summary
      ? `${stack}: ${summary.hasChanges ? countsLine(summary.counts) : "no changes"}` +
          (failing > 0 ? `; ${failing} failing check${failing === 1 ? "" : "s"}: ${summary.checks.filter((c) => c.status !== "unknown").map((c) => c.address).join(", ")}` : "") +
          (isCritical ? `; CRITICAL: ${summary.critical.map((c) => c.address).join(", ")}` : "")
      : speculative
        ? `${stack}: speculative plan, ${speculative.hasChanges ? "with changes" : "no changes"}${speculative.checksFail ? "; a check fails" : ""}`
        : `${stack}: plan failed`,
  );
  const status = (value: PlanStatus): void => {
    if (options["status-output"]) writeFile(options["status-output"] as string, `${value}\n`);
  };
  const settled: PlanStatus = summary === undefined ? "failed" : summary.hasChanges ? "ready" : "no-changes";
  if (!options["fail-on-critical"] || !isCritical) {
    status(settled);
    return 0;
  }
  if (allowDigest && approval && allowDigest === approval.digest) {
    context.log(`${stack}: the critical changes above were approved by digest ${allowDigest}`);
    status(settled);
    return 0;
  }
  status("refused-critical");
  context.log(
    allowDigest
      ? `${stack}: allow-critical approved ${allowDigest}, but this plan is ${approval?.digest}: the plan changed. Review this plan and approve its digest instead.`
      : `${stack}: this plan has critical changes. Review it, then run the deploy by hand with allow-critical-digest ${approval?.digest}.`,
  );
  return EXIT_CRITICAL;
}

/** The gate's verdicts of a summary, by address, for the digest (see `digestEntries`). */
export const criticalByAddress = (summary: PlanSummary): Map<string, string> => new Map(summary.critical.map((c) => [c.address, c.critical!]));

/** The change-review markers of `--config` (the stack's cdk.tf.json), none without it. */
function markersOf(configFile: string | undefined): ChangeReviewMarkers {
  if (configFile === undefined) return new Map();
  if (!fs.existsSync(configFile)) throw new UsageError(`--config ${configFile} not found: give the stack's synthesized cdk.tf.json`);
  return changeReviewMarkers(JSON.parse(fs.readFileSync(configFile, "utf8")));
}

const VERIFY_OPTIONS = {
  approval: { type: "string" },
  "plan-json": { type: "string" },
  stack: { type: "string" },
  config: { type: "string" },
} as const satisfies NonNullable<ParseArgsConfig["options"]>;

/**
 * `verify`: whether the plan in `--plan-json` is the one approved in `--approval` (written by
 * `summary --approval-output` in the plan job). Returns 0, or {@link EXIT_CHANGED} after logging
 * "plan changed since approval" and what differs. `--config` is the stack's cdk.tf.json, as the
 * plan job's summary read it: the digest holds the critical-change gate's verdicts, which its
 * markers decide.
 */
export function verifyCommand(argv: readonly string[], context: CliContext = defaultContext()): number {
  const options = parse(argv, VERIFY_OPTIONS, ["approval", "plan-json", "stack"]);
  const file = options.approval as string;
  if (!fs.existsSync(file)) throw new Error(`${file} not found: no plan was approved for this apply`);
  const approved = JSON.parse(fs.readFileSync(file, "utf8")) as Approval;
  const plan = parsePlan(fs.readFileSync(options["plan-json"] as string, "utf8"), options["plan-json"] as string);
  // The gate's verdicts on this plan enter its digest as they did in the plan job (same --config).
  const critical = criticalByAddress(summarizePlan(plan, DEFAULT_CRITICAL_POLICY, markersOf(options.config as string | undefined)));
  const current = approvalOf(options.stack as string, plan, critical);
  const mismatch = approvalMismatch(approved, current);
  if (mismatch) {
    context.log(`${options.stack}: ${mismatch}`);
    return EXIT_CHANGED;
  }
  context.log(`${options.stack}: this plan is the approved one (${current.digest})`);
  return 0;
}

const REDACT_OPTIONS = {
  config: { type: "string" },
  "plan-json": { type: "string" },
  in: { type: "string" },
  out: { type: "string" },
  follow: { type: "string" },
  until: { type: "string" },
  log: { type: "boolean", default: false },
} as const satisfies NonNullable<ParseArgsConfig["options"]>;

/**
 * The lines that make GitHub Actions ignore workflow commands in between: `::stop-commands::<token>`
 * and `::<token>::`, with a token nobody can know in advance
 * (https://docs.github.com/en/actions/using-workflows/workflow-commands-for-github-actions#stopping-and-starting-workflow-commands).
 * The runner runs a log line as a command when it starts with `::` after white space, or holds the
 * legacy `##[` anywhere (actions/runner, src/Runner.Common/ActionCommand.cs, TryParseV2 and
 * TryParse); Terraform's text prints multi-line values (a description changed in a console) as
 * heredocs, line by line, and an error can quote anything.
 */
export function commandsStopped(): { readonly start: string; readonly end: string } {
  const token = `grafana-scim-${randomBytes(16).toString("hex")}`;
  return { start: `::stop-commands::${token}\n`, end: `::${token}::\n` };
}

/** How often `redact --follow` looks for more of the file. */
const FOLLOW_POLL_MS = 100;

/**
 * The lines of `file` as they are written, until the file `until` exists and everything before
 * it was read: `terraform apply` writes its output to a file (a crash of the reader can then never
 * stop it mid-apply, as a broken pipe would) and this reads along. A last line without a newline
 * is yielded at the end.
 */
async function* followLines(file: string, until: string): AsyncGenerator<string> {
  const decoder = new StringDecoder("utf8");
  const buffer = Buffer.alloc(64 * 1024);
  let pending = "";
  let position = 0;
  const fd = fs.openSync(file, "r");
  try {
    for (;;) {
      // Checked before reading: whatever the writer wrote before it made `until` is read below.
      const done = fs.existsSync(until);
      let read: number;
      while ((read = fs.readSync(fd, buffer, 0, buffer.length, position)) > 0) {
        position += read;
        pending += decoder.write(buffer.subarray(0, read));
        const lines = pending.split("\n");
        pending = lines.pop()!;
        yield* lines;
      }
      if (done) break;
      await new Promise((resolve) => setTimeout(resolve, FOLLOW_POLL_MS));
    }
    pending += decoder.end();
    if (pending !== "") yield pending;
  } finally {
    fs.closeSync(fd);
  }
}

/** The secrets a step can know of: the JSON plan's sensitive values and the environment's (see {@link environmentSecrets}). */
export function knownSecrets(options: { readonly config?: string; readonly planJson?: string }, env: NodeJS.ProcessEnv): Array<string | number> {
  const config = options.config && fs.existsSync(options.config) ? (JSON.parse(fs.readFileSync(options.config, "utf8")) as ConfigurationFile) : undefined;
  const planText = options.planJson && fs.existsSync(options.planJson) ? fs.readFileSync(options.planJson, "utf8") : "";
  return [...environmentSecrets(config, env), ...(planText.trim() ? sensitiveValues(parsePlan(planText, options.planJson)) : [])];
}

/**
 * `redact`: copies `--in` (default: standard input, line by line as it arrives) to `--out`
 * (default: standard output) without the secrets of {@link knownSecrets} and the credential
 * patterns. Used on Terraform's own output: a failed plan's errors and `terraform apply`. With
 * `--follow FILE --until MARKER` it reads FILE line by line as another process writes it, until
 * MARKER exists (see {@link followLines}; scripts/ci/terraform-apply.sh). With `--log` (for text
 * that goes to a job log) the output is wrapped in lines that stop workflow commands (see
 * {@link commandsStopped}).
 */
export async function redactCommand(argv: readonly string[], context: CliContext = defaultContext(), input: NodeJS.ReadableStream = process.stdin): Promise<number> {
  const options = parse(argv, REDACT_OPTIONS, []);
  const redactor = new Redactor(knownSecrets({ config: options.config as string | undefined, planJson: options["plan-json"] as string | undefined }, context.env));
  const write = options.out ? (text: string) => fs.appendFileSync(options.out as string, text) : context.stdout;
  if (options.out) writeFile(options.out as string, "");
  if (!options.log) return redactTo(write, redactor, options, input);
  // --log: for a job log, with workflow commands stopped until the end (see commandsStopped).
  const { start, end } = commandsStopped();
  let last = "\n";
  const tracked = (text: string): void => {
    if (text !== "") last = text.slice(-1);
    write(visibleControls(text));
  };
  write(start);
  try {
    return await redactTo(tracked, redactor, options, input);
  } finally {
    // On a line of its own, or the runner would not see it and stay stopped.
    write(last === "\n" ? end : `\n${end}`);
  }
}

async function redactTo(write: (text: string) => void, redactor: Redactor, options: Record<string, string | boolean | undefined>, input: NodeJS.ReadableStream): Promise<number> {
  if (options.in) {
    write(redactor.text(fs.readFileSync(options.in as string, "utf8")));
    return 0;
  }
  if (options.follow !== undefined || options.until !== undefined) {
    if (options.follow === undefined || options.until === undefined) throw new UsageError("--follow and --until go together");
    for await (const line of followLines(options.follow as string, options.until as string)) write(`${redactor.line(line)}\n`);
    return 0;
  }
  for await (const line of readline.createInterface({ input, crlfDelay: Infinity })) write(`${redactor.line(line)}\n`);
  return 0;
}

const SUPERSEDED_OPTIONS = {
  stack: { type: "string" },
  commit: { type: "string" },
  ref: { type: "string", default: "origin/main" },
} as const satisfies NonNullable<ParseArgsConfig["options"]>;

/**
 * `superseded`: whether deploying `--stack` from `--commit` would apply an older commit over a
 * newer one (see {@link supersededBy}). Writes `superseded=true|false` (and `superseded_by=<sha>`,
 * the newer commit) to `$GITHUB_OUTPUT`; the job then skips, and the newer commit's deploy applies
 * both if it succeeds. Always 0 unless git fails.
 */
export function supersededCommand(argv: readonly string[], context: CliContext = defaultContext()): number {
  const options = parse(argv, SUPERSEDED_OPTIONS, ["stack", "commit"]);
  const result = supersededBy(options.stack as string, options.commit as string, options.ref as string);
  if (context.env.GITHUB_OUTPUT) fs.appendFileSync(context.env.GITHUB_OUTPUT, `superseded=${result.superseded}\n${result.superseded && result.by ? `superseded_by=${result.by}\n` : ""}`);
  context.log(result.superseded ? `${options.stack}: not applying ${options.commit}: ${result.reason}` : `${options.stack}: ${options.commit} is the newest commit for this stack`);
  return 0;
}

/** What a deploy's plan job says about its stack. Only `ready` stacks get an apply job. */
export const PLAN_STATUSES = ["ready", "no-changes", "superseded", "refused-critical", "failed"] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

const READY_OPTIONS = {
  dir: { type: "string" },
  stacks: { type: "string" },
} as const satisfies NonNullable<ParseArgsConfig["options"]>;

/**
 * `ready`: the stacks (of `--stacks`, a JSON array) whose plan job left status `ready` and an
 * approval in `--dir/<stack>/`. Prints the JSON array and writes `stacks=<json>` to
 * `$GITHUB_OUTPUT`; logs every other stack with its status (a missing status: the plan job did
 * not finish).
 */
export function readyCommand(argv: readonly string[], context: CliContext = defaultContext()): number {
  const options = parse(argv, READY_OPTIONS, ["dir", "stacks"]);
  let stacks: unknown;
  try {
    stacks = JSON.parse(options.stacks as string);
  } catch {
    stacks = undefined;
  }
  if (!Array.isArray(stacks) || !stacks.every((s) => typeof s === "string" && /^[a-z][a-z0-9-]{0,39}$/.test(s))) throw new UsageError("--stacks must be a JSON array of stack names");
  const ready: string[] = [];
  for (const stack of stacks as string[]) {
    const statusFile = path.join(options.dir as string, stack, "status");
    const status = fs.existsSync(statusFile) ? fs.readFileSync(statusFile, "utf8").trim() : "missing (the plan job did not finish)";
    if (status === "ready" && fs.existsSync(path.join(options.dir as string, stack, "approval.json"))) ready.push(stack);
    else context.log(`${stack}: not applied: ${status}`);
  }
  const json = JSON.stringify(ready);
  context.stdout(`${json}\n`);
  if (context.env.GITHUB_OUTPUT) fs.appendFileSync(context.env.GITHUB_OUTPUT, `stacks=${json}\n`);
  return 0;
}

const COMMANDS: Readonly<Record<string, (argv: readonly string[], context: CliContext) => number | Promise<number>>> = {
  summary: summaryCommand,
  redact: redactCommand,
  verify: verifyCommand,
  superseded: supersededCommand,
  ready: readyCommand,
};

/** Runs `argv` (`<subcommand> [options]`); resolves to the exit code. */
export async function main(argv: readonly string[], context: CliContext = defaultContext()): Promise<number> {
  const [command, ...rest] = argv;
  const run = command === undefined ? undefined : COMMANDS[command];
  if (!run) throw new UsageError(`usage: delivery <${Object.keys(COMMANDS).join("|")}> [options]${command ? ` (unknown subcommand ${JSON.stringify(command)})` : ""}`);
  return run(rest, context);
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      console.error(`delivery: ${(error as Error).message}`);
      process.exitCode = error instanceof UsageError ? 64 : 1;
    },
  );
}
