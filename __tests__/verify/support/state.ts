/**
 * A project directory for `verify` tests: environment files, and the local Terraform state that
 * `state/<env>.tfstate` holds after a deploy (its outputs; the token a sensitive one), which the
 * commands under test read with the real Terraform CLI.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { CommandIo } from "../../../cli/command";

/** Output values of the deployed stack (names as the stack emits them). */
export type OutputValues = Record<string, string>;

/** A temporary project root with `environments/` and `state/`. */
export function tempProject(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "verify-project-"));
  fs.mkdirSync(path.join(root, "environments"));
  fs.mkdirSync(path.join(root, "state"));
  return root;
}

/** Writes `environments/<name>.json`. */
export function writeEnvironment(root: string, name: string, config: Record<string, unknown>): void {
  // The stand-in state is local (see applyOutputs); outside example-* environments that must be said.
  const withBackend = { backend: { kind: "local" }, ...config };
  fs.writeFileSync(path.join(root, "environments", `${name}.json`), JSON.stringify(withBackend, null, 2));
}

/**
 * The local state (format version 4, as Terraform 1.x writes it) of a deployed stack whose root
 * outputs are `outputs` and the token `scim_token`, marked sensitive: what a provider-free
 * `terraform apply` of those outputs writes (type "string" each, no resources; written by
 * Terraform 1.5, which every later 1.x reads). Pure. verify-grafana.test.ts checks it against a
 * real apply, and Terraform reads it wherever a test uses it: `verify` and `migration-check` read
 * outputs only through `terraform init` and `terraform output -json` (verify/outputs.ts).
 */
export function outputsState(outputs: OutputValues, token: string, lineage = "00000000-0000-4000-8000-00000000abcd", resources: readonly unknown[] = []): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(outputs)) values[k] = { value: v, type: "string" };
  values.scim_token = { value: token, type: "string", sensitive: true };
  return { version: 4, terraform_version: "1.5.0", serial: 1, lineage, outputs: values, resources, check_results: null };
}

/**
 * Resources of providers a deployed stack uses, none of them installed here (no registry): they
 * make `terraform init` want those providers, which `verify` must not need (verify/outputs.ts).
 * Their attributes do not matter to `terraform output`.
 */
export const DEPLOYED_RESOURCES: readonly unknown[] = [
  ["grafana/grafana", "grafana_service_account", "scim"],
  ["hashicorp/azuread", "azuread_service_principal", "scim"],
  ["microsoft/msgraph", "msgraph_resource", "group_claims"],
  ["hashicorp/time", "time_sleep", "replication"],
].map(([source, type, name]) => ({
  mode: "managed",
  type,
  name,
  provider: `provider["registry.terraform.io/${source}"]`,
  instances: [{ schema_version: 0, attributes: { id: `${name}-id` }, sensitive_attributes: [] }],
}));

/**
 * Writes `state/<name>.tfstate` as a deploy with the stack's local backend leaves it: the
 * outputs, the token as a sensitive output ({@link outputsState}), and resources of providers
 * that are not installed ({@link DEPLOYED_RESOURCES}).
 */
export function applyOutputs(root: string, name: string, outputs: OutputValues, token: string): void {
  fs.writeFileSync(path.join(root, "state", `${name}.tfstate`), `${JSON.stringify(outputsState(outputs, token, undefined, DEPLOYED_RESOURCES), null, 2)}\n`);
}

/**
 * The `CommandIo` of an in-process `grafana-scim` run in the project `root` (no terminal, a fixed
 * clock), and what it wrote. `extra` adds fields such as `overrides`.
 */
export function captureIo(root: string, env: NodeJS.ProcessEnv, extra: Partial<CommandIo> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CommandIo = {
    out: (t) => void out.push(t),
    err: (t) => void err.push(t),
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: "1", ...env },
    cwd: root,
    isTTY: false,
    now: () => new Date("2026-06-01T00:00:00Z"),
    ...extra,
  };
  return { io, stdout: () => out.join(""), stderr: () => err.join("") };
}
