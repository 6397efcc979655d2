/**
 * Grafana's SCIM switches: `grafana_scim_config`.
 *
 * Known limit of grafana provider 4.45.1: the resource calls Grafana's SCIM config API with a
 * plain `http.Client{}` built from the provider's URL and credentials only
 * (`internal/resources/grafana/resource_scim_config.go`, createOrUpdate/read/Delete), so the
 * provider's `ca_cert`, `insecure_skip_verify`, `tls_cert`/`tls_key`, `http_headers` and retries
 * do not apply to it. Synthesis warns when the provider sets any of them.
 */
import { Annotations, Aspects, TerraformProvider, TerraformStack } from "cdktf";
import { Construct, type IConstruct } from "constructs";
import { GrafanaProvider } from "../../../.gen/providers/grafana/provider";
import { ScimConfig } from "../../../.gen/providers/grafana/scim-config";
import { scimConfigImportId } from "../import-ids";
import { assertValid } from "../../errors";
import { rejectWithoutUserSyncProblem, type ScimSyncs } from "../scim-permissions";
import { TeamSyncConflictValidation } from "./team-sync-guard";
import { importInto } from "../../private/terraform/import";

/** Props of {@link ScimSettings}. */
export interface ScimSettingsProps extends ScimSyncs {
  /**
   * Block users that SCIM did not provision from signing in (Grafana Cloud portal users can
   * always sign in).
   * @default false
   */
  readonly rejectNonProvisionedUsers?: boolean;
  /**
   * The grafana provider to use. On Grafana Cloud it must set `stack_id`, or the provider calls
   * the `default` namespace and Grafana answers 403 `authn.invalid-namespace`.
   * @default the stack's default grafana provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * `grafana_scim_config` with user sync, group sync and the non-provisioned-user switch. With
 * group sync on, synthesis fails if the same stack manages Grafana Team Sync.
 */
export class ScimSettings extends Construct {
  /** The SCIM config resource. */
  readonly config: ScimConfig;

  constructor(scope: Construct, id: string, props: ScimSettingsProps) {
    super(scope, id);
    assertValid("rejectNonProvisionedUsers", rejectWithoutUserSyncProblem(props));
    this.config = new ScimConfig(this, "config", {
      enableUserSync: props.userSync,
      enableGroupSync: props.groupSync,
      rejectNonProvisionedUsers: props.rejectNonProvisionedUsers ?? false,
      provider: props.provider,
    });
    if (props.groupSync) this.node.addValidation(new TeamSyncConflictValidation(this));
    Aspects.of(this).add({ visit: (node: IConstruct) => node === this && this.warnAboutIgnoredProviderSettings(props.provider) });
  }

  /** Imports the existing SCIM settings of organization `orgId` (a Terraform `import` block). */
  importExisting(orgId: string | undefined): void {
    importInto(this.config, scimConfigImportId(orgId));
  }

  private warnAboutIgnoredProviderSettings(explicit: TerraformProvider | undefined): void {
    const provider =
      explicit ?? TerraformStack.of(this).node.findAll().find((c): c is GrafanaProvider => c instanceof GrafanaProvider && c.alias === undefined);
    if (!(provider instanceof GrafanaProvider)) return;
    const ignored = ignoredProviderSettings(provider);
    if (ignored.length === 0) return;
    Annotations.of(this).addWarning(
      `grafana_scim_config ignores the grafana provider's ${ignored.join(", ")}: grafana provider 4.45.1 calls the SCIM config API with a plain ` +
        "HTTP client (internal/resources/grafana/resource_scim_config.go). Behind a private CA the apply fails with a TLS error unless the CA " +
        "is trusted by the system of the machine that runs Terraform (on Linux, SSL_CERT_FILE or SSL_CERT_DIR); headers a proxy needs are not sent.",
    );
  }
}

/** The settings of `provider` that `grafana_scim_config` does not use, by their Terraform names. Pure. */
export function ignoredProviderSettings(provider: GrafanaProvider): string[] {
  const set: Array<[string, unknown]> = [
    ["ca_cert", provider.caCert],
    ["insecure_skip_verify", provider.insecureSkipVerify],
    ["tls_cert", provider.tlsCert],
    ["tls_key", provider.tlsKey],
    ["http_headers", provider.httpHeaders],
    ["retries", provider.retries],
    ["retry_status_codes", provider.retryStatusCodes],
    ["retry_wait", provider.retryWait],
  ];
  return set.filter(([, value]) => value !== undefined).map(([name]) => name);
}
