/**
 * The deployed stack's outputs, read from its Terraform state with the same backend and
 * credentials a plan uses, and nothing else: no synthesis, no providers.
 *
 * `terraform output -json` needs an initialised working directory, and `terraform init` of the
 * synthesized stack would download its providers. So {@link readStackOutputs} writes a temporary
 * directory holding only the stack's `terraform { backend … }` (or `cloud`) block, built by the
 * same `addBackend` the stack uses, inits it and runs `terraform output -json` there. Credentials
 * come from the environment exactly as for a plan (`AWS_*`, `ARM_*`, `TF_TOKEN_*`).
 *
 * `terraform init` also installs every provider the *state* lists, not only the configuration's
 * (a deployed stack's state lists grafana, azuread, okta, msgraph, time): it would download them
 * all on every run, and fail where the registry is out of reach, after the backend is already
 * configured. `terraform output` needs no provider. So init runs with `-plugin-dir` set to an
 * empty folder (no download is ever tried), its failure is expected once the state lists
 * resources, and the outputs are read anyway; init's error is reported only when `output` fails
 * too and init did not get as far as configuring the backend (it could not be reached), else
 * output's. Tested with Terraform 1.11 against local states with and without resources of
 * providers that are not installed (`__tests__/verify/verify-grafana.test.ts`).
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { App, TerraformStack } from "cdktf";
import type { BackendConfig } from "../environment-format/backend";
import { addBackend } from "../stacks/backend";
import { ENTRA_OUTPUTS, OKTA_OUTPUTS, OUTPUTS } from "../stacks/outputs";
import { deploymentCommands } from "../environment-format";

/** The outputs `verify` and `migration-check` use. The token is kept out of every rendering. */
export interface StackOutputs {
  readonly tenantUrl: string;
  readonly grafanaUrl: string;
  /** `<orgId>:<serviceAccountId>`. */
  readonly serviceAccountId?: string;
  readonly token: string;
  readonly entra?: { readonly servicePrincipalObjectId?: string; readonly synchronizationJobId?: string; readonly clientId?: string };
  readonly okta?: { readonly appId?: string };
}

/** A state that cannot be read, or lacks what is needed: the message says which and what to do. */
export class StateError extends Error {
  constructor(
    message: string,
    readonly fix: string,
  ) {
    super(message);
    this.name = "StateError";
  }
}

/**
 * The `terraform` block of the environment's stack with only its backend: `addBackend` in an
 * otherwise empty stack. A local backend's relative path is made absolute against `stackDir`,
 * the directory Terraform runs in for the real stack (`cdktf.out/stacks/<env>`).
 */
export function backendOnlyConfiguration(environmentName: string, backend: BackendConfig, stackDir: string, scratchDir: string): { terraform: Record<string, unknown> } {
  const app = new App({ outdir: path.join(scratchDir, "cdktf.out"), skipValidation: true });
  const stack = new TerraformStack(app, environmentName);
  addBackend(stack, environmentName, backend);
  const terraform = (stack.toTerraform() as { terraform: Record<string, unknown> }).terraform;
  const local = (terraform.backend as { local?: { path?: string } } | undefined)?.local;
  if (local?.path !== undefined) local.path = path.resolve(stackDir, local.path);
  return { terraform: { ...(terraform.backend ? { backend: terraform.backend } : {}), ...(terraform.cloud ? { cloud: terraform.cloud } : {}) } };
}

/** Raw `terraform output -json`: name → `{ value, sensitive, type }`. */
export type RawOutputs = Record<string, { value: unknown; sensitive?: boolean }>;

/** The outputs this package needs, from raw outputs; throws {@link StateError} naming what is missing. */
export function stackOutputs(raw: RawOutputs, environmentName: string): StackOutputs {
  if (Object.keys(raw).length === 0) {
    throw new StateError(`the state of "${environmentName}" has no outputs: the stack is not deployed (or the backend points elsewhere)`, `deploy it first: ${deploymentCommands().deploy(environmentName)}`);
  }
  const text = (name: string): string | undefined => {
    const v = raw[name]?.value;
    return typeof v === "string" && v !== "" ? v : undefined;
  };
  const required = (name: string): string => {
    const v = text(name);
    if (v === undefined) throw new StateError(`the state of "${environmentName}" has no output "${name}"`, `apply the current stack: ${deploymentCommands().deploy(environmentName)}`);
    return v;
  };
  const entra = {
    servicePrincipalObjectId: text(ENTRA_OUTPUTS.servicePrincipalObjectId),
    synchronizationJobId: text(ENTRA_OUTPUTS.synchronizationJobId),
    clientId: text(ENTRA_OUTPUTS.clientId),
  };
  const oktaAppId = text(OKTA_OUTPUTS.appId);
  const serviceAccountId = text(OUTPUTS.serviceAccountId);
  return {
    tenantUrl: required(OUTPUTS.tenantUrl),
    grafanaUrl: required(OUTPUTS.grafanaUrl),
    token: required(OUTPUTS.token),
    ...(serviceAccountId === undefined ? {} : { serviceAccountId }),
    ...(Object.values(entra).some((v) => v !== undefined) ? { entra } : {}),
    ...(oktaAppId === undefined ? {} : { okta: { appId: oktaAppId } }),
  };
}

/** Options of {@link readStackOutputs}. */
export interface ReadOutputsOptions {
  /** The environment (stack) name. */
  readonly environmentName: string;
  readonly backend: BackendConfig;
  /** Where Terraform runs for the real stack; a local backend's path is relative to it. */
  readonly stackDir: string;
  /** Process environment for Terraform (backend credentials). */
  readonly env: NodeJS.ProcessEnv;
  /** Deadline of each Terraform command. @default 120000 */
  readonly timeoutMs?: number;
  /** The Terraform binary. @default "terraform" */
  readonly terraform?: string;
}

function run(terraform: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(terraform, args, { cwd, env, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024, encoding: "utf8" }, (error, stdout, stderr) => {
      const code = error ? (typeof (error as { code?: unknown }).code === "number" ? ((error as { code: number }).code) : -1) : 0;
      resolve({ code, stdout, stderr: error && code === -1 ? `${stderr}\n${error.message}` : stderr });
    });
  });
}

/** Terraform's error text without colour codes and box drawing, shortened: for messages. */
export function terraformErrorText(stderr: string): string {
  const plain = stderr.replace(/\u001b\[[0-9;]*m/g, "").replace(/^[│╷╵]\s?/gm, "");
  const lines = plain.split("\n").map((l) => l.trim()).filter((l) => l && !/Unable to open CLI configuration file|problems with the CLI configuration|CLI configuration file at/.test(l));
  const error = lines.findIndex((l) => l.startsWith("Error:"));
  return (error >= 0 ? lines.slice(error, error + 4) : lines.slice(-4)).join(" ").slice(0, 600);
}

/** Reads the stack's outputs from its state (see the module comment). */
export async function readStackOutputs(options: ReadOutputsOptions): Promise<StackOutputs> {
  const terraform = options.terraform ?? "terraform";
  const timeoutMs = options.timeoutMs ?? 120_000;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scim-verify-state-"));
  try {
    fs.writeFileSync(path.join(dir, "backend.tf.json"), JSON.stringify(backendOnlyConfiguration(options.environmentName, options.backend, options.stackDir, dir), null, 2));
    fs.rmSync(path.join(dir, "cdktf.out"), { recursive: true, force: true });
    const env = { ...options.env, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1", TF_INPUT: "0" };
    // An empty plugin folder: init configures the backend and never downloads the providers the
    // state lists (see the module comment); it then fails on those providers, which output does not need.
    const noProviders = path.join(dir, "no-providers");
    fs.mkdirSync(noProviders);
    const init = await run(terraform, ["init", "-input=false", "-no-color", `-plugin-dir=${noProviders}`], dir, env, timeoutMs);
    if (init.code === -1 && /ENOENT/.test(init.stderr)) {
      throw new StateError(`the Terraform CLI ("${terraform}") is not installed or not on PATH`, "install Terraform (>= 1.5; tested with 1.11) as for a plan");
    }
    const output = await run(terraform, ["output", "-json", "-no-color"], dir, env, timeoutMs);
    // Init records a backend it configured in .terraform/terraform.tfstate; once it has, its failure is
    // about the state's providers, and output's own error is the one that says what went wrong.
    const backendConfigured = fs.existsSync(path.join(dir, ".terraform", "terraform.tfstate"));
    if (output.code !== 0 && init.code !== 0 && !backendConfigured) {
      throw new StateError(`terraform init of the ${options.backend.kind} backend failed: ${terraformErrorText(init.stderr)}`, `give this process the same backend credentials a plan gets (see ${deploymentCommands().documentation("delivery.md#state-backends")})`);
    }
    if (output.code !== 0) {
      throw new StateError(`terraform output failed: ${terraformErrorText(output.stderr)}`, "check the backend credentials and that the stack was deployed");
    }
    return stackOutputs(JSON.parse(output.stdout) as RawOutputs, options.environmentName);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
