/**
 * Imported first by the in-process `verify` and `migration-check` suites: within one suite, the
 * deployed stack's outputs are read from each state once, with the real Terraform CLI, and that
 * read serves every later run with exactly the same input.
 *
 * `readStackOutputs` (verify/outputs.ts) runs `terraform init` and `terraform output -json` on
 * every call; these suites run the commands dozens of times against the same few states to
 * provoke Grafana's, Entra's and Okta's failures, so most of those Terraform runs read the same
 * bytes with the same arguments. Here each call goes to the real `readStackOutputs` unless one
 * with the same options (environment, backend, stack directory, process environment, deadline,
 * binary) already ran on the same state file content in this suite; then it gets that call's
 * result, or its error. Only local backends are shared (their state file is the whole input);
 * anything else is read every time. What a command does with the outputs is untouched; the
 * reading itself is tested by each state's first read and by the cases that break it (an
 * undeployed environment, a corrupt state, a failing init or output: each its own key).
 */
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type * as Outputs from "../../../verify/outputs";

type ReadOptions = Outputs.ReadOutputsOptions;

/** The key of a read, or undefined when it is not to be shared (not a local backend). */
function readKey(actual: typeof Outputs, options: ReadOptions): string | undefined {
  if (options.backend.kind !== "local") return undefined;
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "read-key-"));
  try {
    const backend = actual.backendOnlyConfiguration(options.environmentName, options.backend, options.stackDir, scratch).terraform.backend as { local?: { path?: string } } | undefined;
    const stateFile = backend?.local?.path;
    if (stateFile === undefined) return undefined;
    const state = fs.existsSync(stateFile) ? crypto.createHash("sha256").update(fs.readFileSync(stateFile)).digest("hex") : "no state file";
    return JSON.stringify({ ...options, stateFile, state });
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

jest.mock("../../../verify/outputs", () => {
  const actual = jest.requireActual<typeof Outputs>("../../../verify/outputs");
  const reads = new Map<string, Promise<Outputs.StackOutputs>>();
  return {
    ...actual,
    readStackOutputs(options: ReadOptions): Promise<Outputs.StackOutputs> {
      const key = readKey(actual, options);
      if (key === undefined) return actual.readStackOutputs(options);
      let read = reads.get(key);
      if (!read) {
        read = actual.readStackOutputs(options);
        reads.set(key, read);
      }
      return read;
    },
  };
});
