/**
 * Where an environment keeps its Terraform state, chosen in the environment file
 * (`backend`). Credentials for remote backends come from the environment, never the file.
 */
import { LocalBackend, TerraformStack } from "cdktf";
import { z } from "zod";

/** Local state file of an environment, relative to the stack's synthesized directory. */
export function localStatePath(environmentName: string): string {
  return `../../../state/${environmentName}.tfstate`;
}

const localBackendSchema = z
  .strictObject({ kind: z.literal("local") })
  .meta({ description: "State in state/<environment>.tfstate in this checkout (git-ignored). For trying things out only." });

/** `backend` in an environment file. */
export const backendSchema = z
  .discriminatedUnion("kind", [localBackendSchema])
  .meta({ description: "Where Terraform keeps this environment's state." });

/** A validated `backend` section. */
export type BackendConfig = z.output<typeof backendSchema>;

/** Adds the configured backend to the stack. */
export function addBackend(stack: TerraformStack, environmentName: string, config: BackendConfig): void {
  switch (config.kind) {
    case "local":
      // Relative to cdktf.out/stacks/<name>, where terraform runs; outside cdktf.out, so a synth never touches it.
      new LocalBackend(stack, { path: localStatePath(environmentName) });
      return;
  }
}
