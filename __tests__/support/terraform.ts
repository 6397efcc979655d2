/**
 * Runs the real Terraform CLI on provider-free configurations: expressions the package emits,
 * evaluated on fixture values. Needs `terraform` (>= 1.7: check blocks, removed blocks) on PATH; when it is
 * missing, every caller fails with a message saying so. Nothing is skipped.
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

let checked: string | undefined;
let checkedVersion: string | undefined;

/**
 * Where a Jest run records the Terraform binaries it has verified, so that each worker and suite
 * does not run `terraform version` again: a file in the run's own scratch folder
 * (support/jest/scratch.js), which the run removes at its end, so nothing carries over from one
 * run to the next. Only successes are recorded, by binary name and PATH; outside Jest, none.
 */
function versionRecord(): string | undefined {
  const scratch = process.env.GRAFANA_SCIM_TEST_SCRATCH;
  return scratch && fs.existsSync(scratch) ? path.join(scratch, "terraform-verified.json") : undefined;
}

function readVersionRecord(file: string | undefined): Record<string, string> {
  try {
    return file ? (JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, string>) : {};
  } catch {
    return {};
  }
}

/** The Terraform binary, verified once per run; throws loudly when it is absent or too old. */
export function terraformBinary(): string {
  if (checked) return checked;
  const binary = process.env.TERRAFORM_BINARY_NAME ?? "terraform";
  const record = versionRecord();
  const key = `${binary} on PATH ${process.env.PATH ?? ""}`;
  const recorded = readVersionRecord(record)[key];
  if (recorded !== undefined) {
    checked = binary;
    checkedVersion = recorded;
    return binary;
  }
  const result = spawnSync(binary, ["version", "-json"], { encoding: "utf8", env: terraformEnv() });
  if (result.error || result.status !== 0) {
    throw new Error(
      `The Terraform CLI ("${binary}") is required by this test and was not found or failed: ${result.error?.message ?? result.stderr}. ` +
        "Install Terraform >= 1.7 (1.11 is what this project is tested with) or set TERRAFORM_BINARY_NAME.",
    );
  }
  const version = (JSON.parse(result.stdout) as { terraform_version: string }).terraform_version;
  const [major, minor] = version.split(".").map(Number);
  if (major === undefined || minor === undefined || (major === 1 && minor < 7) || major < 1) {
    throw new Error(`Terraform ${version} is too old for these tests (check blocks need >= 1.5, removed blocks >= 1.7)`);
  }
  if (record) {
    // Written whole and renamed into place: workers running at the same time never read half a file.
    const temporary = `${record}.${process.pid}`;
    fs.writeFileSync(temporary, JSON.stringify({ ...readVersionRecord(record), [key]: version }));
    fs.renameSync(temporary, record);
  }
  checked = binary;
  checkedVersion = version;
  return binary;
}

/** The version (`1.11.4`) `terraform version -json` reported for {@link terraformBinary}, when it was verified in this run. */
export function terraformVersion(): string {
  terraformBinary();
  return checkedVersion!;
}

let cliConfig: string | undefined;

/**
 * Environment for terraform: no telemetry, no prompts, and an empty CLI config of our own. Go's
 * garbage collector runs at a quarter of its default frequency (GOGC=400, unless GOGC is set):
 * these runs are short and evaluate schema-sized values, so the collector was a quarter of their
 * CPU (the schema-transform evaluation: 1.4 -> 1.0 CPU-s, peak memory 100 -> 230 MB); what
 * Terraform evaluates is the same.
 */
function terraformEnv(): NodeJS.ProcessEnv {
  if (!cliConfig) {
    cliConfig = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "tfcli-")), "terraformrc");
    fs.writeFileSync(cliConfig, "");
  }
  return { GOGC: "400", ...process.env, TF_CLI_CONFIG_FILE: cliConfig, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1", TF_INPUT: "0" };
}

/** A diagnostic Terraform reported while applying. */
export interface Diagnostic {
  readonly severity: "error" | "warning";
  readonly summary: string;
  readonly detail: string;
  /** For check-block diagnostics, the check's address, e.g. `check.token_expiry`. */
  readonly address?: string;
}

/** What applying a provider-free configuration produced. */
export interface Evaluation {
  /** Output values by name (sensitive ones included). */
  readonly outputs: Record<string, unknown>;
  /** Every diagnostic, warnings included. */
  readonly diagnostics: Diagnostic[];
  /** Whether the apply succeeded. */
  readonly ok: boolean;
  /** Terraform's human-readable output, for failure messages. */
  readonly log: string;
}

/** The diagnostics in Terraform's `-json` output (one JSON message per line). */
function jsonDiagnostics(stdout: string): Diagnostic[] {
  return stdout
    .split("\n")
    .filter((l) => l.trim().startsWith("{"))
    .map((l) => JSON.parse(l) as { type: string; diagnostic?: { severity: string; summary: string; detail: string; address?: string } })
    .filter((l) => l.type === "diagnostic" && l.diagnostic)
    .map((l) => ({ severity: l.diagnostic!.severity as "error" | "warning", summary: l.diagnostic!.summary, detail: l.diagnostic!.detail, address: l.diagnostic!.address }));
}

/**
 * Whether `terraform init` has work to do for `config`: a backend or cloud block, modules, or
 * providers to install (a provider block, required_providers, or a resource or data source of
 * another type than the built-in `terraform_*`, a check block's scoped ones included). Without any of them init writes nothing (no
 * `.terraform`, no lock file) and plan and apply run the same without it, so the helpers skip it;
 * with them, a missing init fails the run loudly, as Terraform says.
 */
export function initNeeded(config: Record<string, unknown>): boolean {
  const terraform = (config.terraform ?? {}) as Record<string, unknown>;
  if (terraform.backend !== undefined || terraform.cloud !== undefined || terraform.required_providers !== undefined) return true;
  if (config.module !== undefined || config.provider !== undefined) return true;
  // A check block may scope data sources of its own (`check.<name>.data`): their providers count too.
  const checks = Object.values((config.check ?? {}) as Record<string, { data?: unknown }>).map((c) => c.data);
  const types = [config.resource, config.data, ...checks].flatMap((blocks) => Object.keys((blocks ?? {}) as Record<string, unknown>));
  return types.some((type) => !type.startsWith("terraform_"));
}

/**
 * Output values (sensitive ones included) of the local state in `dir`, as `terraform output -json`
 * prints them: Terraform 1.x state (version 4) keeps each root output's value, and leaves out
 * outputs whose value is null, as `terraform output` does. No state file: no outputs.
 */
export function stateOutputs(dir: string): Record<string, unknown> {
  const file = path.join(dir, "terraform.tfstate");
  if (!fs.existsSync(file)) return {};
  const state = JSON.parse(fs.readFileSync(file, "utf8")) as { version: number; outputs?: Record<string, { value: unknown }> };
  if (state.version !== 4) throw new Error(`${file}: state version ${state.version}, these helpers read version 4`);
  return Object.fromEntries(Object.entries(state.outputs ?? {}).map(([k, v]) => [k, v.value]));
}

/**
 * JSON documents (fixtures) given to a configuration as locals: each is written to a file of its
 * own in `dir` and the local reads it with `jsondecode(file(…))`. The same values as literal
 * locals, with no template escaping needed (the values are data, as a data source returns them),
 * and much cheaper for Terraform: it parses every string of a literal as a template, decoding
 * JSON is fast (schema-sized fixtures: about 0.1 CPU-s per parse of the configuration).
 */
export type Documents = Record<string, unknown>;

/** `config` with a local per document, the documents written to `dir` (see {@link Documents}). */
function withDocuments(dir: string, config: Record<string, unknown>, documents: Documents): Record<string, unknown> {
  const entries = Object.entries(documents);
  if (entries.length === 0) return config;
  const locals: Record<string, unknown> = { ...((config.locals ?? {}) as Record<string, unknown>) };
  entries.forEach(([name, value], i) => {
    if (name in locals) throw new Error(`${name} is both a local and a document`);
    fs.writeFileSync(path.join(dir, `document-${i}.json`), JSON.stringify(value));
    locals[name] = `\${jsondecode(file("\${path.module}/document-${i}.json"))}`;
  });
  return { ...config, locals };
}

/**
 * Writes `config` as `main.tf.json` in a fresh directory, runs `terraform init` when it has work to
 * do ({@link initNeeded}) and `terraform apply -auto-approve`, and returns outputs and diagnostics.
 * `config` must use no provider (locals, variables, outputs, checks, `terraform_*` resources only).
 */
export function applyConfig(config: Record<string, unknown>, variables: Record<string, string> = {}, documents: Documents = {}): Evaluation {
  const binary = terraformBinary();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tfeval-"));
  try {
    fs.writeFileSync(path.join(dir, "main.tf.json"), JSON.stringify(withDocuments(dir, config, documents), null, 2));
    const env = terraformEnv();
    const maxBuffer = 256 * 1024 * 1024; // schema-sized outputs exceed Node's 1 MiB default
    const run = (args: string[]) => spawnSync(binary, args, { cwd: dir, encoding: "utf8", env, maxBuffer });
    if (initNeeded(config)) {
      const init = run(["init", "-input=false", "-no-color"]);
      if (init.status !== 0) throw new Error(`terraform init failed:\n${init.stdout}\n${init.stderr}`);
    }
    const varArgs = Object.entries(variables).flatMap(([k, v]) => ["-var", `${k}=${v}`]);
    const apply = run(["apply", "-auto-approve", "-input=false", "-lock=false", "-json", ...varArgs]);
    const diagnostics = jsonDiagnostics(apply.stdout);
    const ok = apply.status === 0;
    const outputs = ok ? (initNeeded(config) ? terraformOutputs(binary, dir, env) : stateOutputs(dir)) : {};
    return { outputs, diagnostics, ok, log: `${apply.stdout}\n${apply.stderr}` };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * What {@link applyConfig} returns, by a plan alone, for a configuration without resources (locals,
 * variables, checks, outputs): such an apply creates nothing and walks the same configuration once
 * more, a third of the time on schema-sized configurations (the Entra schema transform: 0.98 ->
 * 0.71 CPU-s per evaluation, `terraform show` included); on small ones the extra `show` costs what
 * the walk saves, so there {@link applyConfig} stays. Diagnostics are the plan's (check warnings
 * included); output values come from the saved plan (`terraform show -json`, sensitive ones
 * included), null ones left out as `terraform output` does. Throws when the configuration has
 * resources or needs init, or when an output is not known until apply (`timestamp()`).
 */
export function planConfig(config: Record<string, unknown>, variables: Record<string, string> = {}, documents: Documents = {}): Evaluation {
  if (config.resource !== undefined || initNeeded(config)) throw new Error("planConfig takes a configuration without resources, backend, modules or providers: use applyConfig");
  const binary = terraformBinary();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tfplan-"));
  try {
    fs.writeFileSync(path.join(dir, "main.tf.json"), JSON.stringify(withDocuments(dir, config, documents), null, 2));
    const run = (args: string[]) => spawnSync(binary, args, { cwd: dir, encoding: "utf8", env: terraformEnv(), maxBuffer: 256 * 1024 * 1024 });
    const varArgs = Object.entries(variables).flatMap(([k, v]) => ["-var", `${k}=${v}`]);
    const plan = run(["plan", "-out=tfplan", "-input=false", "-lock=false", "-json", ...varArgs]);
    const diagnostics = jsonDiagnostics(plan.stdout);
    const log = `${plan.stdout}\n${plan.stderr}`;
    if (plan.status !== 0) return { outputs: {}, diagnostics, ok: false, log };
    const show = run(["show", "-json", "tfplan"]);
    if (show.status !== 0) throw new Error(`terraform show -json tfplan failed:\n${show.stdout}\n${show.stderr}`);
    const changes = Object.entries((JSON.parse(show.stdout) as { output_changes?: Record<string, { after?: unknown; after_unknown?: unknown }> }).output_changes ?? {});
    const unknown = changes.filter(([, c]) => c.after_unknown !== false && c.after_unknown !== undefined).map(([name]) => name);
    if (unknown.length > 0) throw new Error(`planConfig: outputs ${unknown.join(", ")} are known only after apply: use applyConfig`);
    const outputs = Object.fromEntries(changes.filter(([, c]) => c.after !== null && c.after !== undefined).map(([name, c]) => [name, c.after]));
    return { outputs, diagnostics, ok: true, log };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** `terraform output -json`, as values by name (for a configuration with a backend). */
function terraformOutputs(binary: string, dir: string, env: NodeJS.ProcessEnv): Record<string, unknown> {
  const out = execFileSync(binary, ["output", "-json"], { cwd: dir, encoding: "utf8", env, maxBuffer: 256 * 1024 * 1024 });
  return Object.fromEntries(Object.entries(JSON.parse(out || "{}") as Record<string, { value: unknown }>).map(([k, v]) => [k, v.value]));
}

/** A configuration of locals and outputs only: what {@link evaluateOutputs} takes. */
export interface ExpressionConfig {
  readonly locals?: Record<string, unknown>;
  /** Locals whose values are JSON documents (fixtures): see {@link Documents}. */
  readonly documents?: Documents;
  readonly output: Record<string, { readonly value: unknown }>;
}

/**
 * The values of `config`'s outputs, evaluated by `terraform console` (Terraform's own evaluator
 * and functions): one evaluation of the configuration, where `apply` makes three (validate, plan,
 * apply) and a plan two. For configurations of locals and plain outputs only, whose evaluation is
 * the whole test (the schema transform's expressions on schema-sized fixtures, where the walks
 * are seconds each); anything else takes {@link applyConfig}. Each output becomes a local, and
 * console prints one JSON document of them, base64-encoded so that no console quoting applies.
 * Like {@link applyConfig}'s outputs (from the state), outputs whose value is null are left out.
 * Throws with Terraform's messages when evaluation fails.
 */
export function evaluateOutputs(config: ExpressionConfig): Record<string, unknown> {
  const extra = Object.keys(config).filter((k) => k !== "locals" && k !== "output" && k !== "documents");
  if (extra.length > 0) throw new Error(`evaluateOutputs takes locals and outputs only, not ${extra.join(", ")}: use applyConfig`);
  const locals: Record<string, unknown> = { ...config.locals };
  const names = Object.keys(config.output);
  names.forEach((name, i) => {
    const { value, ...rest } = config.output[name]!;
    if (Object.keys(rest).length > 0) throw new Error(`output ${name}: evaluateOutputs takes a plain value, not ${Object.keys(rest).join(", ")}: use applyConfig`);
    locals[`evaluate_output_${i}`] = value;
  });
  if (names.length === 0) return {};
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tfconsole-"));
  try {
    fs.writeFileSync(path.join(dir, "main.tf.json"), JSON.stringify(withDocuments(dir, { locals }, config.documents ?? {}), null, 2));
    const document = `{ ${names.map((name, i) => `${JSON.stringify(name)} = local.evaluate_output_${i}`).join(", ")} }`;
    const result = spawnSync(terraformBinary(), ["console"], { cwd: dir, encoding: "utf8", env: terraformEnv(), input: `base64encode(jsonencode(${document}))\n`, maxBuffer: 256 * 1024 * 1024 });
    const printed = /^"([A-Za-z0-9+/=]*)"\s*$/.exec(result.stdout);
    if (result.status !== 0 || !printed) throw new Error(`terraform console failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
    const values = JSON.parse(Buffer.from(printed[1]!, "base64").toString("utf8")) as Record<string, unknown>;
    return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== null));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Writes `config` as `main.tf.json` in a fresh directory and runs `terraform init` (no provider:
 * locals, outputs, removed and check blocks only). Returns whether it succeeded and its output.
 */
export function initConfig(config: Record<string, unknown>): { ok: boolean; log: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tfinit-"));
  try {
    fs.writeFileSync(path.join(dir, "main.tf.json"), JSON.stringify(config, null, 2));
    const init = spawnSync(terraformBinary(), ["init", "-input=false", "-no-color"], { cwd: dir, encoding: "utf8", env: terraformEnv() });
    return { ok: init.status === 0, log: `${init.stdout}\n${init.stderr}` };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Rewrites references to the given resource addresses (e.g.
 * `grafana_service_account_token.token_1A2B`) in any string of `value` to `local.<name>`, so an
 * emitted expression can be evaluated against fixture values held in locals.
 */
export function replaceReferences<T>(value: T, addresses: Record<string, string>): T {
  return mapStrings(value, (s) => Object.entries(addresses).reduce((acc, [address, local]) => acc.split(`${address}.`).join(`local.${local}.`), s));
}

/** `value` (JSON-like: objects, arrays, scalars) with every string, at any depth, replaced by `rewrite(string)`; keys stay. */
export function mapStrings<T>(value: T, rewrite: (text: string) => string): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return rewrite(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}

/**
 * Parses a synthesized stack with `terraform providers` (offline: no init, no provider
 * download) after dropping its backend block. Returns Terraform's output; throws with it when
 * Terraform rejects the configuration.
 */
export function parseStack(stackJson: Record<string, unknown>): string {
  const binary = terraformBinary();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tfparse-"));
  try {
    const copy = JSON.parse(JSON.stringify(stackJson)) as { terraform?: { backend?: unknown } };
    if (copy.terraform) delete copy.terraform.backend;
    fs.writeFileSync(path.join(dir, "cdk.tf.json"), JSON.stringify(copy, null, 2));
    const result = spawnSync(binary, ["providers", "-no-color"], { cwd: dir, encoding: "utf8", env: terraformEnv() });
    if (result.status !== 0) throw new Error(`terraform rejected the configuration:\n${result.stdout}\n${result.stderr}`);
    return result.stdout;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** One entry of a plan's `resource_changes`. */
export interface PlannedChange {
  readonly address: string;
  /** Terraform's actions: `["no-op"]`, `["create"]`, `["update"]`, `["delete"]`, `["delete","create"]`, `["create","delete"]`. */
  readonly actions: readonly string[];
}

/** What planning `after` over the applied `before` produced. */
export interface PlanResult {
  /** Whether `terraform plan` succeeded (a `prevent_destroy` violation fails it). */
  readonly ok: boolean;
  readonly changes: readonly PlannedChange[];
  /** Terraform's output, for failure messages. */
  readonly log: string;
}

/**
 * The local state each `before` of {@link planChanges} left when Terraform applied it, by the
 * configuration's JSON, for this suite (Jest gives each suite its own copy of this module). A
 * plan writes no state, so every plan from the same `before` starts from the same state: the
 * suites plan several `after`s (and the destroy) from one `before`, and apply it once.
 */
const appliedStates = new Map<string, string>();

/**
 * Applies the provider-free configuration `before`, then plans `after` in the same directory and
 * returns the planned resource changes: how Terraform itself moves from one configuration to the
 * other (addresses, replacement triggers, `prevent_destroy`). Without `after`, plans `terraform
 * destroy` of `before`. A `before` this suite already applied (the same JSON, no init needed) is
 * not applied again: its plan starts from the state that apply wrote ({@link appliedStates}).
 */
export function planChanges(before: Record<string, unknown>, after?: Record<string, unknown>): PlanResult {
  const session = new TerraformSession();
  try {
    // Only a configuration without init keeps its whole state in terraform.tfstate.
    const key = initNeeded(before) ? undefined : JSON.stringify(before);
    const state = key === undefined ? undefined : appliedStates.get(key);
    if (state !== undefined) {
      fs.writeFileSync(path.join(session.dir, "terraform.tfstate"), state);
    } else {
      const applied = session.write(before).apply();
      if (!applied.ok) throw new Error(`terraform apply of the first configuration failed:\n${applied.log}`);
      if (key !== undefined) appliedStates.set(key, fs.readFileSync(path.join(session.dir, "terraform.tfstate"), "utf8"));
    }
    session.write(after ?? before);
    const plan = session.plan({}, { destroy: !after });
    return { ok: plan.ok, changes: plan.changes, log: plan.log };
  } finally {
    session.close();
  }
}

/** The result of one `terraform apply` or `terraform plan` in a {@link TerraformSession}. */
export interface RunResult {
  readonly ok: boolean;
  readonly diagnostics: Diagnostic[];
  /** Planned resource changes (`plan` only). */
  readonly changes: readonly PlannedChange[];
  readonly log: string;
}

/**
 * A working directory for several Terraform runs on provider-free configurations: write a
 * configuration, apply or plan it, change files the configuration reads, run again. Call `close`.
 * `terraform init` runs once, before the first run, when the configuration needs it ({@link initNeeded}).
 */
export class TerraformSession {
  /** The working directory (for files the configuration reads or writes). */
  readonly dir: string;
  private initialized = false;
  private config: Record<string, unknown> = {};

  constructor() {
    terraformBinary();
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), "tfsession-"));
  }

  /** Replaces the configuration (`main.tf.json`). */
  write(config: Record<string, unknown>): this {
    fs.writeFileSync(path.join(this.dir, "main.tf.json"), JSON.stringify(config, null, 2));
    this.config = config;
    return this;
  }

  apply(variables: Record<string, string> = {}): RunResult {
    return this.run(["apply", "-auto-approve", ...this.vars(variables)]);
  }

  plan(variables: Record<string, string> = {}, options: { destroy?: boolean } = {}): RunResult {
    const result = this.run(["plan", "-out=tfplan", ...(options.destroy ? ["-destroy"] : []), ...this.vars(variables)]);
    if (!result.ok) return result;
    const show = spawnSync(terraformBinary(), ["show", "-json", "tfplan"], { cwd: this.dir, encoding: "utf8", env: terraformEnv(), maxBuffer: 64 * 1024 * 1024 });
    const json = JSON.parse(show.stdout) as { resource_changes?: Array<{ address: string; change: { actions: string[] } }> };
    return { ...result, changes: (json.resource_changes ?? []).map((rc) => ({ address: rc.address, actions: rc.change.actions })) };
  }

  /** Output values after the last apply (sensitive ones included). */
  outputs(): Record<string, unknown> {
    return initNeeded(this.config) ? terraformOutputs(terraformBinary(), this.dir, terraformEnv()) : stateOutputs(this.dir);
  }

  /** Addresses of the resources in the state. */
  stateList(): string[] {
    const out = spawnSync(terraformBinary(), ["state", "list"], { cwd: this.dir, encoding: "utf8", env: terraformEnv() });
    return out.stdout.split("\n").filter(Boolean);
  }

  close(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private vars(variables: Record<string, string>): string[] {
    return Object.entries(variables).flatMap(([k, v]) => ["-var", `${k}=${v}`]);
  }

  private run(args: string[]): RunResult {
    const binary = terraformBinary();
    const env = terraformEnv();
    const opts = { cwd: this.dir, encoding: "utf8" as const, env, maxBuffer: 256 * 1024 * 1024 };
    if (!this.initialized && initNeeded(this.config)) {
      const init = spawnSync(binary, ["init", "-input=false", "-no-color"], opts);
      if (init.status !== 0) throw new Error(`terraform init failed:\n${init.stdout}\n${init.stderr}`);
      this.initialized = true;
    }
    const result = spawnSync(binary, [...args, "-input=false", "-lock=false", "-json"], opts);
    return { ok: result.status === 0, diagnostics: jsonDiagnostics(result.stdout), changes: [], log: `${result.stdout}\n${result.stderr}` };
  }
}

/**
 * Applies `before` (provider-free), then plans `after` against the state it left, and returns the
 * planned action of every resource, e.g. `{ "terraform_data.a": ["forget"] }`. For `removed`,
 * `moved` and `import` blocks. Fails when the plan fails.
 */
export function planAfter(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, string[]> {
  const plan = planChanges(before, after);
  if (!plan.ok) throw new Error(`terraform plan failed:\n${plan.log}`);
  return Object.fromEntries(plan.changes.map((c) => [c.address, [...c.actions]]));
}
