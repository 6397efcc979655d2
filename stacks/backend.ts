/**
 * The environment's `backend` section as a cdktf backend of its stack (the section's schema and
 * rules: environment-format/backend.ts). The file holds only non-secret settings; every
 * credential comes from the environment of the process that runs Terraform.
 */
import {
  AzurermBackend,
  DataTerraformRemoteState,
  LocalBackend,
  NamedCloudWorkspace,
  S3Backend,
  TerraformBackend,
  type CloudBackendConfig,
  type S3BackendConfig,
  TerraformStack,
  type TerraformRemoteState,
} from "cdktf";
import type { Construct } from "constructs";
import { requireTerraformVersion } from "../constructs/terraform-version";
import { defaultStateKey, defaultWorkspaceName, type BackendConfig } from "../environment-format/backend";

/** The Terraform version whose s3 backend takes `use_lockfile` (S3-native state locking). */
export const S3_LOCKFILE_VERSION = "1.10";

/** The Terraform version that reads the `cloud` block. */
export const CLOUD_BLOCK_VERSION = "1.1";

/**
 * The `cloud` block (HCP Terraform / Terraform Enterprise), as cdktf 0.21's `CloudBackend` writes it
 * (same JSON and stack metadata) for a named workspace, without the validation `CloudBackend` adds:
 * its `ValidateTerraformVersion` runs `terraform version` in a subprocess at synthesis
 * (node_modules/cdktf/lib/backends/cloud-backend.js), so synthesis needed `terraform` on PATH.
 * The floor is the stack's `required_version` (Terraform checks it at init).
 */
export class CloudBlock extends TerraformBackend {
  constructor(
    scope: Construct,
    private readonly props: CloudBackendConfig & { readonly workspaces: NamedCloudWorkspace },
  ) {
    super(scope, "backend", "cloud");
    requireTerraformVersion(this, CLOUD_BLOCK_VERSION);
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    const { organization, hostname, token, workspaces } = this.props;
    // Keys in CloudBackend's order (its props, snake-cased), so the JSON is the same bytes.
    return { organization, hostname, token, workspaces: workspaces.toTerraform() };
  }

  override toTerraform(): Record<string, unknown> {
    // TerraformBackend merges overrides into `terraform.backend.<name>`; the cloud block sits in `terraform.cloud`.
    const { terraform } = super.toTerraform() as { terraform: { backend: { cloud: unknown } } };
    return { terraform: { cloud: terraform.backend.cloud } };
  }

  override toMetadata(): Record<string, unknown> {
    // CloudBackend's: the backend's name and which product the host is (app.terraform.io: "tfc").
    const host = this.props.hostname ?? "app.terraform.io";
    return { ...super.toMetadata(), cloud: host.startsWith("app.terraform.io") ? "tfc" : "tfe" };
  }

  override getRemoteStateDataSource(scope: Construct, name: string): TerraformRemoteState {
    const { organization, hostname, token, workspaces } = this.props;
    return new DataTerraformRemoteState(scope, name, { organization, workspaces: { name: workspaces.name }, token, hostname });
  }
}

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
      new CloudBlock(stack, {
        organization: config.organization,
        hostname: config.hostname,
        workspaces: new NamedCloudWorkspace(config.workspace ?? defaultWorkspaceName(environmentName), config.project),
      });
      return;
  }
}
