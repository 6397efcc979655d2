/** The non-gallery enterprise application Entra provisions Grafana through. */
import { ApplicationFromTemplate } from "@cdktf/provider-azuread/lib/application-from-template";
import { DataAzureadApplication } from "@cdktf/provider-azuread/lib/data-azuread-application";
import { ServicePrincipal } from "@cdktf/provider-azuread/lib/service-principal";
import { Sleep } from "@cdktf/provider-time/lib/sleep";
import { TerraformProvider, Token } from "cdktf";
import { Construct } from "constructs";
import { assertValid, ConfigurationError } from "../../errors";
import { textCharacterProblem } from "../../plain-text";
import { terraformLiteral } from "../../template-escape";
import { ensureTimeProvider } from "../../private/terraform/time-provider";
import { CUSTOM_APP_TEMPLATE_ID } from "../entra-ids";
import { applicationFromTemplateImportId } from "../import-ids";
import { markChangeReview } from "../../change-review";
import { importInto } from "../../private/terraform/import";

/** How long consumers of a new service principal wait for Entra to replicate it. */
export const DEFAULT_REPLICATION_WAIT = "60s";

/** A Go duration, as time_sleep's `create_duration` parses it (e.g. `60s`, `1m30s`). */
const GO_DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;

/** Props of {@link EntraEnterpriseApp}. */
export interface EntraEnterpriseAppProps {
  /** Display name of the application and its enterprise app (display text: written as given, `${` included). */
  readonly displayName: string;
  /**
   * Properties of the service principal that template instantiation created. It is always adopted
   * and managed (`use_existing`), whatever these say, so that changing them never removes it.
   * @default assignment required, the template's tags kept, single sign-on mode left as it is
   */
  readonly servicePrincipal?: {
    /**
     * Entra's preferred single sign-on mode. Unset, the mode is left as it is (set by hand, or
     * left from an earlier managed `saml`): it is not cleared.
     * @default not managed
     */
    readonly preferredSingleSignOnMode?: "saml";
    /** Notes shown on the enterprise app. @default none */
    readonly notes?: string;
  };
  /**
   * Protect the application, its service principal (and with them the provisioning job, its
   * secret and every assignment, which belong to the service principal) with Terraform's
   * `prevent_destroy`: a plan that would destroy or replace them fails. Set false only to remove
   * the app on purpose.
   * @default true
   */
  readonly preventDestroy?: boolean;
  /**
   * How long everything that uses the new service principal waits after the application is
   * instantiated (a `time_sleep`). azuread waits for the application to replicate but not for its
   * service principal, and its job, assignment and adoption code look the service principal up
   * without retrying a 404. Runs once, when the app is created (or adopted into state).
   * @default "60s"
   */
  readonly replicationWait?: string;
  /** The azuread provider. @default the stack's default azuread provider */
  readonly provider?: TerraformProvider;
  /** The hashicorp/time provider. @default the stack's default time provider (added if missing) */
  readonly timeProvider?: TerraformProvider;
}

/**
 * `azuread_application_from_template` with the Custom template (a non-gallery app), the
 * application read back for its client id, a replication wait, and the service principal the
 * template created, adopted.
 *
 * The service principal is one resource at one address whatever the single sign-on settings are:
 * azuread's delete of an adopted service principal still calls `DELETE /servicePrincipals/{id}`
 * (`hashicorp/terraform-provider-azuread` v3.7.0,
 * `internal/services/serviceprincipals/service_principal_resource.go`,
 * `servicePrincipalResourceDelete`: the delete call runs whatever `use_existing` says; only the
 * wait for it is skipped), and that would take the provisioning job, its secret and every
 * assignment with it.
 */
export class EntraEnterpriseApp extends Construct {
  /** The application and service principal created from the template. */
  readonly app: ApplicationFromTemplate;
  /** The application, read back for its client id. */
  readonly application: DataAzureadApplication;
  /** Waits for the new service principal to replicate; its triggers carry the ids consumers use. */
  readonly replication: Sleep;
  /** The adopted service principal. */
  readonly servicePrincipal: ServicePrincipal;
  /** The display name. */
  readonly displayName: string;
  /** The single sign-on mode this construct sets, if any. */
  readonly singleSignOnMode?: "saml";

  constructor(scope: Construct, id: string, props: EntraEnterpriseAppProps) {
    super(scope, id);
    if (props.displayName.trim() === "") throw new ConfigurationError("displayName", "must not be empty");
    assertValid("displayName", textCharacterProblem(props.displayName));
    this.displayName = props.displayName;
    this.singleSignOnMode = props.servicePrincipal?.preferredSingleSignOnMode;
    const preventDestroy = props.preventDestroy ?? true;
    const replicationWait = props.replicationWait ?? DEFAULT_REPLICATION_WAIT;
    if (!Token.isUnresolved(replicationWait) && !GO_DURATION.test(replicationWait)) {
      throw new ConfigurationError("replicationWait", `must be a duration time_sleep takes, such as "60s" or "2m" (got "${replicationWait}")`);
    }
    this.app = new ApplicationFromTemplate(this, "app", {
      // Display text, written as given: Terraform must not evaluate a "${" in it.
      displayName: terraformLiteral(props.displayName),
      templateId: CUSTOM_APP_TEMPLATE_ID,
      lifecycle: { preventDestroy },
      provider: props.provider,
    });
    this.application = new DataAzureadApplication(this, "application", { objectId: this.app.applicationObjectId, provider: props.provider });
    // azuread's create waits for the application only (application_from_template_resource.go,
    // Create: consistency.WaitForUpdate on GetApplication). Everything that uses the service
    // principal takes its ids from this sleep's triggers, so it waits; the values are the app's, and
    // known at plan time, so an existing job or assignment sees no change.
    this.replication = new Sleep(this, "service-principal-replication", {
      createDuration: replicationWait,
      triggers: { service_principal_id: this.app.servicePrincipalId, service_principal_object_id: this.app.servicePrincipalObjectId },
      provider: props.timeProvider,
    });
    markChangeReview(this.replication, { purpose: "entra-replication-wait" });
    if (!props.timeProvider) ensureTimeProvider(this);
    this.servicePrincipal = new ServicePrincipal(this, "service-principal", {
      clientId: this.application.clientId,
      useExisting: true,
      appRoleAssignmentRequired: true,
      // Setting tags explicitly keeps it an enterprise, custom-SSO app: azuread PATCHes tags
      // on adoption and would otherwise clear the template's.
      featureTags: [{ enterprise: true, customSingleSignOn: true }],
      preferredSingleSignOnMode: this.singleSignOnMode,
      notes: props.servicePrincipal?.notes === undefined ? undefined : terraformLiteral(props.servicePrincipal.notes),
      // Adoption lists service principals by appId, and creates one when none is found yet
      // (service_principal_resource.go, servicePrincipalResourceCreate): it must see the replica.
      dependsOn: [this.replication],
      lifecycle: {
        preventDestroy,
        // Without managed single sign-on, a mode set by hand (or left from managed SSO) stays.
        ...(this.singleSignOnMode === undefined ? { ignoreChanges: ["preferred_single_sign_on_mode"] } : {}),
      },
      provider: props.provider,
    });
  }

  /**
   * Imports the application (and with it the service principal the template created, which
   * `servicePrincipal` adopts with `use_existing`) instead of instantiating the template again.
   */
  importExisting(applicationObjectId: string, servicePrincipalObjectId: string): void {
    importInto(this.app, applicationFromTemplateImportId(applicationObjectId, servicePrincipalObjectId));
  }

  /** `/applications/{objectId}`, as azuread's application-scoped resources take it. */
  get applicationId(): string {
    return this.app.applicationId;
  }

  /** The application's object id. */
  get applicationObjectId(): string {
    return this.app.applicationObjectId;
  }

  /** `/servicePrincipals/{objectId}`, as azuread's synchronization resources take it; available after the replication wait. */
  get servicePrincipalId(): string {
    return this.replication.getStringAttribute("triggers.service_principal_id");
  }

  /** The service principal's object id (app role assignments, Graph URLs); available after the replication wait. */
  get servicePrincipalObjectId(): string {
    return this.replication.getStringAttribute("triggers.service_principal_object_id");
  }

  /** The application (client) id. */
  get clientId(): string {
    return this.application.clientId;
  }
}
