/**
 * The environment's `backend` section as a cdktf backend of its stack (the section's schema and
 * rules: environment-format/backend.ts). The file holds only non-secret settings; every
 * credential comes from the environment of the process that runs Terraform.
 */
import { AzurermBackend, CloudBackend, LocalBackend, NamedCloudWorkspace, S3Backend, type S3BackendConfig, TerraformStack } from "cdktf";
import { requireTerraformVersion } from "../constructs/terraform-version";
import { defaultStateKey, defaultWorkspaceName, type BackendConfig } from "../environment-format/backend";

/** The Terraform version whose s3 backend takes `use_lockfile` (S3-native state locking). */
export const S3_LOCKFILE_VERSION = "1.10";

/** Local state file of an environment, relative to the stack's synthesized directory. */
export function localStatePath(environmentName: string): string {
  return `../../../state/${environmentName}.tfstate`;
}

/** The S3 backend's settings, including `use_lockfile`, which cdktf 0.21's `S3BackendConfig` predates. */
export type S3BackendSettings = S3BackendConfig & {
  /** S3-native state locking (`use_lockfile`, Terraform >= 1.10). */
  readonly useLockfile?: boolean;
};

/** The S3 backend settings of an environment, defaults resolved. */
export function s3BackendSettings(environmentName: string, config: Extract<BackendConfig, { kind: "s3" }>): S3BackendSettings {
  return {
    bucket: config.bucket,
    key: config.key ?? defaultStateKey(environmentName),
    region: config.region,
    encrypt: config.encrypt,
    useLockfile: config.useLockfile,
    ...(config.dynamodbTable === undefined ? {} : { dynamodbTable: config.dynamodbTable }),
  };
}

/** Adds the configured backend to the stack. */
export function addBackend(stack: TerraformStack, environmentName: string, config: BackendConfig): void {
  switch (config.kind) {
    case "local":
      // Relative to cdktf.out/stacks/<name>, where terraform runs; outside cdktf.out, so a synth never touches it.
      new LocalBackend(stack, { path: localStatePath(environmentName) });
      return;
    case "s3":
      // S3Backend snake-cases every prop it is given, so use_lockfile passes through.
      new S3Backend(stack, s3BackendSettings(environmentName, config));
      // use_lockfile (S3-native locking) is an argument Terraform < 1.10 rejects.
      if (config.useLockfile) requireTerraformVersion(stack, S3_LOCKFILE_VERSION);
      return;
    case "azurerm":
      new AzurermBackend(stack, {
        resourceGroupName: config.resourceGroupName,
        storageAccountName: config.storageAccountName,
        containerName: config.containerName,
        key: config.key ?? defaultStateKey(environmentName),
        useAzureadAuth: config.useAzureadAuth,
        // Only when set: an explicit false would override ARM_USE_OIDC=true in CI.
        ...(config.useOidc === undefined ? {} : { useOidc: config.useOidc }),
      });
      return;
    case "cloud":
      new CloudBackend(stack, {
        organization: config.organization,
        hostname: config.hostname,
        workspaces: new NamedCloudWorkspace(config.workspace ?? defaultWorkspaceName(environmentName), config.project),
      });
      return;
  }
}
