/** The non-gallery enterprise application Entra provisions Grafana through. */
import { ApplicationFromTemplate } from "@cdktf/provider-azuread/lib/application-from-template";
import { DataAzureadApplication } from "@cdktf/provider-azuread/lib/data-azuread-application";
import { ServicePrincipal } from "@cdktf/provider-azuread/lib/service-principal";
import { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { ConfigurationError } from "../errors";
import { CUSTOM_APP_TEMPLATE_ID } from "./entra-ids";

/** Props of {@link EntraEnterpriseApp}. */
export interface EntraEnterpriseAppProps {
  /** Display name of the application and its enterprise app. */
  readonly displayName: string;
  /**
   * Manage the service principal that template instantiation created (adopted with
   * `use_existing`): keep its enterprise and custom-SSO tags, require assignment, and set the
   * single sign-on mode. Needed for SAML single sign-on.
   * @default not managed: the template's defaults stay (assignment required, no SSO mode)
   */
  readonly servicePrincipal?: {
    /** Entra's preferred single sign-on mode. @default none */
    readonly preferredSingleSignOnMode?: "saml";
    /** Notes shown on the enterprise app. @default none */
    readonly notes?: string;
  };
  /** The azuread provider. @default the stack's default azuread provider */
  readonly provider?: TerraformProvider;
}

/**
 * `azuread_application_from_template` with the Custom template (a non-gallery app), the
 * application read back for its client id, and optionally the adopted service principal.
 */
export class EntraEnterpriseApp extends Construct {
  /** The application and service principal created from the template. */
  readonly app: ApplicationFromTemplate;
  /** The application, read back for its client id. */
  readonly application: DataAzureadApplication;
  /** The adopted service principal, when managed. */
  readonly servicePrincipal?: ServicePrincipal;
  /** The display name. */
  readonly displayName: string;

  constructor(scope: Construct, id: string, props: EntraEnterpriseAppProps) {
    super(scope, id);
    if (props.displayName.trim() === "") throw new ConfigurationError("identityProvider.appDisplayName", "must not be empty");
    this.displayName = props.displayName;
    this.app = new ApplicationFromTemplate(this, "app", {
      displayName: props.displayName,
      templateId: CUSTOM_APP_TEMPLATE_ID,
      provider: props.provider,
    });
    this.application = new DataAzureadApplication(this, "application", { objectId: this.app.applicationObjectId, provider: props.provider });
    if (props.servicePrincipal) {
      this.servicePrincipal = new ServicePrincipal(this, "service-principal", {
        clientId: this.application.clientId,
        useExisting: true,
        appRoleAssignmentRequired: true,
        // Setting tags explicitly keeps it an enterprise, custom-SSO app: azuread PATCHes tags
        // on adoption and would otherwise clear the template's.
        featureTags: [{ enterprise: true, customSingleSignOn: true }],
        preferredSingleSignOnMode: props.servicePrincipal.preferredSingleSignOnMode,
        notes: props.servicePrincipal.notes,
        provider: props.provider,
      });
    }
  }

  /** `/applications/{objectId}`, as azuread's application-scoped resources take it. */
  get applicationId(): string {
    return this.app.applicationId;
  }

  /** The application's object id. */
  get applicationObjectId(): string {
    return this.app.applicationObjectId;
  }

  /** `/servicePrincipals/{objectId}`, as azuread's synchronization resources take it. */
  get servicePrincipalId(): string {
    return this.app.servicePrincipalId;
  }

  /** The service principal's object id (app role assignments, Graph URLs). */
  get servicePrincipalObjectId(): string {
    return this.app.servicePrincipalObjectId;
  }

  /** The application (client) id. */
  get clientId(): string {
    return this.application.clientId;
  }
}
