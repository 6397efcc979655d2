/**
 * The Entra ID half of SCIM provisioning in one construct: the enterprise app, provisioning with
 * Grafana's mappings, group assignments, and optionally SAML single sign-on. Takes the Grafana
 * side ({@link GrafanaScim}) for the tenant URL, token and Grafana's SAML endpoints.
 */
import { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { ConfigurationError } from "../errors";
import type { GrafanaScim } from "../grafana/grafana-scim";
import { EntraEnterpriseApp } from "./private/enterprise-app";
import { provisioningPortalUrl, uuidProblem } from "./entra-ids";
import type { EntraGroupRef } from "./groups";
import { EntraGroupAssignments } from "./private/group-assignments";
import { EntraSamlSingleSignOn } from "./private/saml-single-sign-on";
import { entraSamlAttributes, type EntraExternalUidClaim, type EntraSamlAttributes } from "./saml-claims";
import { EntraScimProvisioning } from "./private/scim-provisioning";
import type { EntraMappingOptions, ProvisionOnDemandOptions } from "./provisioning-options";

/** SAML single sign-on options of {@link EntraScim}. */
export interface EntraSingleSignOnOptions {
  /**
   * The claim that carries the object id. `userUID` needs a claims mapping policy, which Entra does
   * not apply to guest users: guests then cannot sign in (see {@link EntraExternalUidClaim}).
   * @default "objectidentifier"
   */
  readonly externalUidClaim?: EntraExternalUidClaim;
  /** Grafana's SAML entity id, the app's identifier. @default `<grafana url>/saml/metadata` */
  readonly entityId?: string;
}

/** Props of {@link EntraScim}. */
export interface EntraScimProps {
  /** The Grafana side. */
  readonly grafana: GrafanaScim;
  /** The Entra tenant (directory) id. */
  readonly tenantId: string;
  /** Display name of the enterprise application. */
  readonly displayName: string;
  /** Groups to assign; their direct members are provisioned. @default none */
  readonly groups?: readonly EntraGroupRef[];
  /** Attribute mappings. @default Grafana's, keeping Microsoft's other defaults */
  readonly mappings?: EntraMappingOptions;
  /** Start provisioning. @default true */
  readonly start?: boolean;
  /** Users and groups to provision on demand after the start. @default none */
  readonly provisionOnDemand?: ProvisionOnDemandOptions;
  /** Manage SAML single sign-on on the app. @default not managed */
  readonly singleSignOn?: EntraSingleSignOnOptions;
  /**
   * Protect the enterprise app, its service principal, the provisioning job and its secret with
   * Terraform's `prevent_destroy`. Set false only to remove them on purpose.
   * @default true
   */
  readonly preventDestroy?: boolean;
  /** How long consumers of a new service principal wait for Entra to replicate it. @default "60s" */
  readonly replicationWait?: string;
  /** The hashicorp/azuread provider. @default the stack's default */
  readonly azureadProvider?: TerraformProvider;
  /** The microsoft/msgraph provider. @default the stack's default */
  readonly msgraphProvider?: TerraformProvider;
}

/** Entra's side: see the module comment. */
export class EntraScim extends Construct {
  readonly app: EntraEnterpriseApp;
  readonly provisioning: EntraScimProvisioning;
  readonly assignments: EntraGroupAssignments;
  readonly singleSignOn?: EntraSamlSingleSignOn;
  /** What Grafana's SAML settings must read to agree with this app. */
  readonly grafanaSamlAttributes: EntraSamlAttributes;
  /** The tenant id. */
  readonly tenantId: string;

  constructor(scope: Construct, id: string, props: EntraScimProps) {
    super(scope, id);
    const tenantProblem = uuidProblem(props.tenantId);
    if (tenantProblem) throw new ConfigurationError("tenantId", tenantProblem);
    // The provisioning job's secret references the token: Entra receives each new token in the same apply.
    props.grafana.declareTokenDelivery("automatic", this, "the provisioning job receives the token in the same apply");
    this.tenantId = props.tenantId;
    const azureadProvider = props.azureadProvider;

    this.app = new EntraEnterpriseApp(this, "enterprise-app", {
      displayName: props.displayName,
      // The service principal is managed either way; turning single sign-on off only stops managing its mode.
      servicePrincipal: props.singleSignOn ? { preferredSingleSignOnMode: "saml" } : {},
      preventDestroy: props.preventDestroy,
      replicationWait: props.replicationWait,
      provider: azureadProvider,
    });
    this.assignments = new EntraGroupAssignments(this, "assignments", { app: this.app, groups: props.groups ?? [], provider: azureadProvider });
    this.provisioning = new EntraScimProvisioning(this, "provisioning", {
      app: this.app,
      grafana: props.grafana,
      mappings: props.mappings,
      start: props.start,
      provisionOnDemand: props.provisionOnDemand,
      scope: this.assignments.assignments,
      preventDestroy: props.preventDestroy,
      azureadProvider,
      msgraphProvider: props.msgraphProvider,
    });
    if (props.singleSignOn) {
      this.singleSignOn = new EntraSamlSingleSignOn(this, "single-sign-on", {
        app: this.app,
        grafana: props.grafana,
        tenantId: props.tenantId,
        externalUidClaim: props.singleSignOn.externalUidClaim,
        entityId: props.singleSignOn.entityId,
        provider: azureadProvider,
        msgraphProvider: props.msgraphProvider,
      });
    }
    // Without managed SSO Entra still sends its built-in claims; the object id is in objectidentifier.
    this.grafanaSamlAttributes = this.singleSignOn?.grafanaSamlAttributes ?? entraSamlAttributes(props.tenantId, this.app.clientId, "objectidentifier");
  }

  /** The provisioning blade of the enterprise app in the Entra admin center. */
  get provisioningPortalUrl(): string {
    return provisioningPortalUrl(this.app.clientId, this.app.servicePrincipalObjectId);
  }
}
