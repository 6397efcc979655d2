/**
 * Where an environment keeps its Terraform state, chosen in the environment file
 * (`backend`). The file holds only non-secret settings (names, keys, switches); every
 * credential comes from the environment of the process that runs Terraform:
 *
 * | kind      | credentials                                                                  |
 * |-----------|------------------------------------------------------------------------------|
 * | `s3`      | `AWS_*` (OIDC role via aws-actions/configure-aws-credentials, or keys)       |
 * | `azurerm` | `ARM_TENANT_ID`, `ARM_CLIENT_ID`, and `ARM_USE_OIDC=true` or `ARM_CLIENT_SECRET` |
 * | `cloud`   | `TF_TOKEN_app_terraform_io` (or `TF_TOKEN_<host>`), or `TF_API_TOKEN` in CI  |
 *
 * Unknown keys (such as `accessKey`, `sasToken`, `token`) are rejected by the strict schemas,
 * and the environment loader rejects any value that looks like a credential.
 */
import { z } from "zod";
import { templateSequenceProblem } from "../constructs/template-escape";
import { fromProblem, nonEmpty } from "./fields";
import { deploymentCommands } from "./deployment";

/** Prefix of the state keys and workspace names derived from the environment name. */
export const STATE_PREFIX = "grafana-scim";

/** HCP Terraform's host name, the `cloud` backend's default. */
export const HCP_TERRAFORM_HOSTNAME = "app.terraform.io";

/** Default object key (s3) or blob name (azurerm) of an environment's state: `grafana-scim/<env>.tfstate`. */
export function defaultStateKey(environmentName: string): string {
  return `${STATE_PREFIX}/${environmentName}.tfstate`;
}

/** Default HCP Terraform / Terraform Enterprise workspace of an environment: `grafana-scim-<env>`. */
export function defaultWorkspaceName(environmentName: string): string {
  return `${STATE_PREFIX}-${environmentName}`;
}

/** Environments whose name starts with this may keep the default `local` backend (they are examples). */
export const LOCAL_STATE_ALLOWED_PREFIX = "example-";

/**
 * The problem with an environment file that has no `backend` section, or `undefined`. Outside
 * `example-*` environments the choice must be explicit: the default, local state in the
 * checkout, is lost with the CI runner, and the next run would create everything again.
 */
export function missingBackendProblem(environmentName: string, document: unknown): string | undefined {
  if (environmentName.startsWith(LOCAL_STATE_ALLOWED_PREFIX)) return undefined;
  const section = document !== null && typeof document === "object" ? (document as Record<string, unknown>).backend : undefined;
  if (section !== undefined) return undefined;
  return (
    `is required outside example-* environments: say where the state lives ({"kind": "s3" | "azurerm" | "cloud", …}; see ${deploymentCommands().documentation("delivery.md#state-backends")}). ` +
    'The default, local state in this checkout, is lost with every CI runner; write {"kind": "local"} only for an environment you deploy from your own machine'
  );
}

/**
 * Where an environment's state lives, as one comparable string (`s3://bucket/key`,
 * `azurerm://account/container/key`, `cloud://host/organization/workspace`,
 * `local://state/<env>.tfstate`), from an environment file's raw `backend` section (defaults
 * applied, nothing validated). Two environment files share state exactly when these are equal.
 */
export function stateLocation(environmentName: string, backend: unknown): string {
  const b = (backend !== null && typeof backend === "object" ? backend : {}) as Record<string, unknown>;
  const text = (value: unknown, fallback: string) => (typeof value === "string" && value !== "" ? value : fallback);
  switch (b.kind) {
    case "s3":
      return `s3://${text(b.bucket, "?")}/${text(b.key, defaultStateKey(environmentName))}`;
    case "azurerm":
      return `azurerm://${text(b.storageAccountName, "?")}/${text(b.containerName, "?")}/${text(b.key, defaultStateKey(environmentName))}`;
    case "cloud":
      // A host name in any case, and with https's port 443, is the same host.
      return `cloud://${text(b.hostname, HCP_TERRAFORM_HOSTNAME).toLowerCase().replace(/:443$/, "")}/${text(b.organization, "?")}/${text(b.workspace, defaultWorkspaceName(environmentName))}`;
    default:
      return `local://state/${environmentName}.tfstate`;
  }
}

// Problems of single values. They never repeat the value: a mistyped field may hold a secret.

/** Problem with an S3 bucket name, or `undefined`. */
export function s3BucketProblem(bucket: string): string | undefined {
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket) || bucket.includes("..")) {
    return "must be an S3 bucket name: 3-63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit (not a URL or ARN)";
  }
  return undefined;
}

/** Problem with an AWS region, or `undefined`. */
export function awsRegionProblem(region: string): string | undefined {
  return /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(region) ? undefined : 'must be an AWS region such as "eu-central-1"';
}

/** Problem with a state key (s3 object key, azurerm blob name), or `undefined`. */
export function stateKeyProblem(key: string): string | undefined {
  if (key.trim() !== key || key.length === 0) return "must not be empty or start or end with whitespace";
  // Terraform reads a backend block without variables: "${" or "%{" would stop `terraform init`.
  const template = templateSequenceProblem(key);
  if (template) return template;
  if (key.startsWith("/")) return 'must be relative: no leading "/"';
  if (key.endsWith("/")) return "must name a file, not end with /";
  if (key.length > 1024) return "must be at most 1024 characters";
  return undefined;
}

/** Problem with an Azure storage account name, or `undefined`. */
export function storageAccountProblem(name: string): string | undefined {
  return /^[a-z0-9]{3,24}$/.test(name) ? undefined : "must be a storage account name: 3-24 lowercase letters and digits (not a URL)";
}

/** Problem with an Azure blob container name, or `undefined`. */
export function containerProblem(name: string): string | undefined {
  return /^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/.test(name)
    ? undefined
    : "must be a blob container name: 3-63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit";
}

/** Problem with an Azure resource group name, or `undefined`. */
export function resourceGroupProblem(name: string): string | undefined {
  return /^[\w().-]{0,89}[\w()-]$/u.test(name) ? undefined : "must be a resource group name: 1-90 letters, digits, _ . ( ) -, not ending with a dot";
}

/** Problem with a DynamoDB table name, or `undefined`. */
export function dynamodbTableProblem(name: string): string | undefined {
  return /^[A-Za-z0-9_.-]{3,255}$/.test(name) ? undefined : "must be a DynamoDB table name: 3-255 letters, digits, _ . - (not an ARN)";
}

/** Problem with an HCP Terraform organization or workspace name, or `undefined`. */
export function terraformNameProblem(name: string): string | undefined {
  return /^[A-Za-z0-9_-]{1,90}$/.test(name) ? undefined : "must be 1-90 letters, digits, underscores and hyphens";
}

/** Problem with a Terraform Enterprise host name, or `undefined`. */
export function hostnameProblem(hostname: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(hostname)) return 'must be a host name only, without "https://"';
  return /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+(?::\d{1,5})?$/.test(hostname)
    ? undefined
    : 'must be a host name such as "app.terraform.io" or "tfe.example.com", no path';
}

/** A string field validated by `problem`, with a description (and optional pattern) for editors. */
const name = (problem: (value: string) => string | undefined, meta: { description: string; examples?: string[] }) =>
  z.string().superRefine(fromProblem(problem)).meta(meta);

const localBackendSchema = z
  .strictObject({ kind: z.literal("local") })
  .meta({ description: "State in state/<environment>.tfstate in this checkout (git-ignored). For trying things out only." });

const s3BackendSchema = z
  .strictObject({
    kind: z.literal("s3"),
    bucket: name(s3BucketProblem, { description: "S3 bucket that holds the state (versioning on is recommended).", examples: ["acme-terraform-state"] }),
    key: name(stateKeyProblem, { description: "Object key of the state. Default: grafana-scim/<environment>.tfstate." }).optional(),
    region: name(awsRegionProblem, { description: "AWS region of the bucket.", examples: ["eu-central-1"] }),
    useLockfile: z
      .boolean()
      .default(true)
      .meta({ description: "Lock with a .tflock object next to the state (S3-native locking, Terraform >= 1.10). Default true." }),
    dynamodbTable: name(dynamodbTableProblem, { description: "DynamoDB table for legacy state locking (deprecated by Terraform in favour of useLockfile)." }).optional(),
    encrypt: z.boolean().default(true).meta({ description: "Server-side encryption of the state object. Default true." }),
  })
  .superRefine((config, ctx) => {
    if (!config.useLockfile && config.dynamodbTable === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["useLockfile"],
        message: "state would not be locked: keep useLockfile true or set dynamodbTable, so two applies cannot write the state at once",
      });
    }
  })
  .meta({ description: "State in an S3 bucket. Credentials come from AWS_* environment variables (or an OIDC role in CI), never this file." });

const azurermBackendSchema = z
  .strictObject({
    kind: z.literal("azurerm"),
    resourceGroupName: name(resourceGroupProblem, { description: "Resource group of the storage account.", examples: ["rg-terraform-state"] }),
    storageAccountName: name(storageAccountProblem, { description: "Storage account that holds the state.", examples: ["acmetfstate"] }),
    containerName: name(containerProblem, { description: "Blob container that holds the state.", examples: ["tfstate"] }),
    key: name(stateKeyProblem, { description: "Blob name of the state. Default: grafana-scim/<environment>.tfstate." }).optional(),
    useAzureadAuth: z
      .boolean()
      .default(true)
      // Without Entra ID auth, Terraform's azurerm backend looks up the account key through
      // Azure Resource Manager (ListKeys), which needs the storage account's subscription id;
      // nothing here sets one. Terraform 1.11.2+ skips Resource Manager entirely with Entra ID
      // auth (hashicorp/terraform#36623, backported in #36677; internal/backend/remote-state/azure).
      .refine((on) => on, {
        message:
          "must be true: without Entra ID auth the backend looks up the storage account key through Azure Resource Manager, which needs the account's subscription id, and neither this file nor the workflows set one. Grant the identity Storage Blob Data Contributor on the container instead",
      })
      .meta({ description: "Authenticate to blob storage with Entra ID (role Storage Blob Data Contributor); must be true (access-key lookup is not supported). Default true." }),
    useOidc: z
      .boolean()
      .optional()
      .meta({
        description:
          "Log in with a GitHub OIDC token (workload identity federation). Omit to let ARM_USE_OIDC decide: a value here overrides the variable.",
      }),
  })
  .meta({ description: "State in Azure Blob Storage. Credentials come from ARM_* environment variables (or OIDC), never this file." });

const cloudBackendSchema = z
  .strictObject({
    kind: z.literal("cloud"),
    organization: name(terraformNameProblem, { description: "HCP Terraform / Terraform Enterprise organization.", examples: ["acme"] }),
    workspace: name(terraformNameProblem, { description: "Workspace name. Default: grafana-scim-<environment>." }).optional(),
    project: nonEmpty("Project of the workspace. Default: the organization's default project.").optional(),
    hostname: name(hostnameProblem, { description: "Host of Terraform Enterprise; default HCP Terraform." }).default(HCP_TERRAFORM_HOSTNAME),
  })
  .meta({
    description:
      "State (and, with remote execution, runs) in HCP Terraform or Terraform Enterprise. The token comes from TF_TOKEN_<host> or TF_API_TOKEN, never this file.",
  });

/** `backend` in an environment file. */
export const backendSchema = z
  .discriminatedUnion("kind", [localBackendSchema, s3BackendSchema, azurermBackendSchema, cloudBackendSchema])
  .meta({ description: "Where Terraform keeps this environment's state. Default: local (for trying things out only)." });

/** A validated `backend` section. */
export type BackendConfig = z.output<typeof backendSchema>;
