/**
 * The Entra ID half of SCIM provisioning in one construct: the enterprise app, provisioning with
 * Grafana's mappings, group assignments, and optionally SAML single sign-on. Takes the Grafana
 * side ({@link IGrafanaScim}) for the tenant URL, token and Grafana's SAML endpoints.
 */
import { AzureadProvider } from "@cdktf/provider-azuread/lib/provider";
import { Fn, TerraformProvider, Token } from "cdktf";
import { MsgraphProvider } from "../../.gen/providers/msgraph/provider";
import { literalCredentialProblems } from "../private/terraform/provider-credentials";
import { Construct } from "constructs";
import { assertValid, ConfigurationError, mapConfigurationErrors, prefixFieldMapper } from "../errors";
import type { IGrafanaScim } from "../grafana/grafana-scim";
import type { IdentityProviderSamlSettings, ISamlIdentityProvider, SamlGroupsClaim } from "../grafana/saml-settings";
import { templateSequenceProblem } from "../template-escape";
import { IMPORT_BLOCK_VERSION, requireTerraformVersion } from "../terraform-version";
import { GROUPS_CLAIM, provisioningPortalUrl, uuidProblem } from "./entra-ids";
import { entraGroupLabel, type EntraGroupRef } from "./groups";
import { synchronizationJobIdProblem, unknownAssignmentGroupProblem } from "./import-ids";
import { EntraEnterpriseApp } from "./private/enterprise-app";
import { EntraGroupAssignments } from "./private/group-assignments";
import { EntraSamlSingleSignOn } from "./private/saml-single-sign-on";
import { EntraScimProvisioning } from "./private/scim-provisioning";
import type { EntraMappingOptions, ProvisionOnDemandOptions } from "./provisioning-options";
import { entraGrafanaSamlSettings, externalUidClaimsSent, type EntraExternalUidClaim, type EntraGroupClaims, type EntraSamlClaimNames } from "./saml-claims";

/**
 * SAML single sign-on options of {@link EntraScim}. Single sign-on brings a token-signing
 * certificate of its own, made the key Entra signs with: the first apply (unless an adopted
 * certificate is imported, see {@link EntraSingleSignOnAdoption}) and every replacement of it change
 * the key Grafana must verify responses with. Grafana reads it from the federation metadata URL;
 * its docs say it refreshes that "as needed" but not when, so SAML logins may fail until it does
 * (see docs/entra.md).
 */
export interface EntraSingleSignOnOptions {
  /**
   * The claim that carries the object id. `userUID` needs a claims mapping policy, which Entra does
   * not apply to guest users: guests then cannot sign in (see {@link EntraExternalUidClaim}).
   * @default "objectidentifier"
   */
  readonly externalUidClaim?: EntraExternalUidClaim;
  /** Grafana's SAML entity id, the app's identifier. @default `<grafana url>/saml/metadata` */
  readonly entityId?: string;
  /**
   * The claim names Grafana's SAML settings read the login, email and display name from
   * (`assertionAttributeLogin`, `assertionAttributeEmail`, `assertionAttributeName` of
   * `GrafanaSamlSettings`), when they are not Entra's defaults. With `externalUidClaim` `userUID`
   * the claims mapping policy, which supersedes the app's Attributes & Claims, sends each user
   * property under these names; `grafanaSamlSettings` carries them either way.
   * @default Entra's default claims
   */
  readonly claimNames?: EntraSamlClaimNames;
  /**
   * Which groups Entra sends in the SAML token's groups claim
   * (`http://schemas.microsoft.com/ws/2008/06/identity/claims/groups`, group object ids): the
   * application's `groupMembershipClaims`, set with a Graph PATCH. See {@link EntraGroupClaims}:
   * `ApplicationGroup` (the assigned `groups`, recommended), `SecurityGroup`, or `None`. With the
   * first two, `grafanaSamlSettings.assertionAttributeGroups` is that claim, so Grafana's role
   * and org mapping read it by default. To turn group claims off, set `None`: removing the option
   * leaves the application's value as it is. Not with `externalUidClaim` `userUID`.
   * @default not managed: the application's group claims stay as they are (none for a new app)
   */
  readonly groupClaims?: EntraGroupClaims;
}

/** What exists of an Entra setup made by hand, for {@link EntraScim.adopt}. */
export interface EntraScimAdoption {
  /** Object id of the app registration (App registrations › Overview). */
  readonly applicationObjectId: string;
  /** Object id of the enterprise application, its service principal (Enterprise applications › Overview). */
  readonly servicePrincipalObjectId: string;
  /** The provisioning job id, `scim.<32 hex>.<client id>` (`GET servicePrincipals/{id}/synchronization/jobs`). */
  readonly synchronizationJobId: string;
  /**
   * Existing group assignments: group (its `objectId` or `displayName` as written in `groups`) →
   * assignment id (`GET servicePrincipals/{id}/appRoleAssignedTo`). A group without one is
   * assigned anew, which Entra refuses for a group assigned already.
   * @default none
   */
  readonly groupAssignmentIds?: Readonly<Record<string, string>>;
  /**
   * The app's SAML single sign-on as set up by hand, when the construct manages `singleSignOn`.
   * @default its Basic SAML Configuration is imported, the signing certificate is new
   */
  readonly singleSignOn?: EntraSingleSignOnAdoption;
}

/**
 * What exists of an app's SAML single sign-on set up by hand, for {@link EntraScimAdoption}: only
 * with `singleSignOn` on the construct.
 */
export interface EntraSingleSignOnAdoption {
  /**
   * Whether the app's Basic SAML Configuration is set up: an Identifier (Entity ID) equal to
   * `singleSignOn.entityId` and Web reply URLs. Both are then imported (azuread refuses to create
   * either when it exists), and the apply makes the reply URLs Grafana's ACS alone. An identifier
   * that differs from the entity id fails the plan ("Cannot import non-existent remote object").
   * Set false for an app whose single sign-on was never set up: they are created.
   * @default true
   */
  readonly basicSamlConfiguration?: boolean;
  /**
   * The app's active token-signing certificate, by the `keyId` of its `Verify` key credential
   * (`GET servicePrincipals/{id}?$select=keyCredentials,preferredTokenSigningKeyThumbprint`; the
   * `Sign` and `Verify` entries of one certificate share a `customKeyIdentifier`). Imported, it stays
   * the key SAML responses are signed with.
   * @default none: a new certificate is created and made the active key, which Grafana must then
   * read from the federation metadata; when it does is not documented (see docs/entra.md), so SAML
   * logins may fail until then
   */
  readonly signingCertificateKeyId?: string;
}

/** Props of {@link EntraScim}. */
export interface EntraScimProps {
  /** The Grafana side: tenant URL, token, Grafana's URL. */
  readonly grafana: IGrafanaScim;
  /** The Entra tenant (directory) id. May be a reference. */
  readonly tenantId: string;
  /** Display name of the enterprise application. */
  readonly displayName: string;
  /**
   * Groups to assign; their direct members are provisioned. A group's assignment is addressed by
   * its object id or display name, so reordering the list changes nothing; one given as a
   * Terraform reference (a `TerraformVariable` as `displayName` or `objectId`) is addressed by its
   * index instead, so moving it in the list moves its address.
   * @default none
   */
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
   * Terraform's `prevent_destroy`: a plan that would destroy or replace them fails. Set false only
   * to remove them on purpose (an app of environment files does that through its guarded destroy).
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

/** Where the props of the composed constructs come from in {@link EntraScimProps}. */
const CHILD_FIELDS = prefixFieldMapper({
  entityId: "singleSignOn.entityId",
  claimNames: "singleSignOn.claimNames",
  groupClaims: "singleSignOn.groupClaims",
  app: "singleSignOn",
});

/** Entra's side: see the module comment. */
export class EntraScim extends Construct implements ISamlIdentityProvider {
  /** The tenant id. */
  readonly tenantId: string;
  /** The Grafana SAML settings that agree with the app (metadata URL, claim names), and this construct as `identityProvider`. */
  readonly grafanaSamlSettings: IdentityProviderSamlSettings;
  /**
   * With managed single sign-on, the claims Entra sends the object id in: the built-in
   * `objectidentifier` claim, and with `externalUidClaim` `userUID` that one too (the claims
   * mapping policy keeps the basic claim set). Without it, the app's claims are set up by hand: unknown.
   */
  readonly externalUidClaims?: readonly string[];
  /**
   * With managed single sign-on, Entra's groups claim and whether `singleSignOn.groupClaims` has
   * the app send it (unset: as set up by hand), its values group object ids when it does. Without it: unknown.
   */
  readonly groupsClaim?: SamlGroupsClaim;
  /** @internal The enterprise app and its service principal. */
  readonly app: EntraEnterpriseApp;
  /** @internal The provisioning job, its secret, mappings and start. */
  readonly provisioning: EntraScimProvisioning;
  /** @internal The group assignments. */
  readonly assignments: EntraGroupAssignments;
  /** @internal SAML single sign-on, when managed. */
  readonly singleSignOn?: EntraSamlSingleSignOn;
  private readonly groups: readonly EntraGroupRef[];

  constructor(scope: Construct, id: string, props: EntraScimProps) {
    super(scope, id);
    if (props.grafana === undefined || props.grafana === null) throw new ConfigurationError("grafana", "is required: the Grafana side (a GrafanaScim)");
    assertValid("tenantId", uuidProblem(props.tenantId));
    if (!Token.isUnresolved(props.grafana.tokenValue)) {
      throw new ConfigurationError(
        "grafana.tokenValue",
        "must be a reference to the token's sensitive attribute (as GrafanaScim's tokenValue is), never a literal: the provisioning job's secret would hold it in clear in the synthesized configuration",
      );
    }
    // The provisioning job's secret references the token: Entra receives each new token in the same apply.
    props.grafana.declareTokenDelivery("automatic", this, "the provisioning job receives the token in the same apply");
    this.tenantId = props.tenantId;
    this.node.addValidation({ validate: () => literalCredentialProblems(this, [AzureadProvider, MsgraphProvider]) });
    this.groups = props.groups ?? [];
    const azureadProvider = props.azureadProvider;

    const children = mapConfigurationErrors(CHILD_FIELDS, () => {
      const app = new EntraEnterpriseApp(this, "enterprise-app", {
        displayName: props.displayName,
        // The service principal is managed either way; turning single sign-on off only stops managing its mode.
        servicePrincipal: props.singleSignOn ? { preferredSingleSignOnMode: "saml" } : {},
        preventDestroy: props.preventDestroy,
        replicationWait: props.replicationWait,
        provider: azureadProvider,
      });
      const assignments = new EntraGroupAssignments(this, "assignments", { app, groups: this.groups, provider: azureadProvider });
      const provisioning = new EntraScimProvisioning(this, "provisioning", {
        app,
        grafana: props.grafana,
        mappings: props.mappings,
        start: props.start,
        provisionOnDemand: props.provisionOnDemand,
        scope: assignments.assignments,
        preventDestroy: props.preventDestroy,
        azureadProvider,
        msgraphProvider: props.msgraphProvider,
      });
      const singleSignOn = props.singleSignOn
        ? new EntraSamlSingleSignOn(this, "single-sign-on", {
            app,
            grafana: props.grafana,
            tenantId: props.tenantId,
            externalUidClaim: props.singleSignOn.externalUidClaim,
            entityId: props.singleSignOn.entityId,
            claimNames: props.singleSignOn.claimNames,
            groupClaims: props.singleSignOn.groupClaims,
            provider: azureadProvider,
            msgraphProvider: props.msgraphProvider,
          })
        : undefined;
      return { app, assignments, provisioning, singleSignOn };
    });
    this.app = children.app;
    this.assignments = children.assignments;
    this.provisioning = children.provisioning;
    this.singleSignOn = children.singleSignOn;
    if (props.singleSignOn) {
      this.externalUidClaims = externalUidClaimsSent(props.singleSignOn.externalUidClaim ?? "objectidentifier");
      const groupClaims = props.singleSignOn.groupClaims;
      this.groupsClaim = {
        name: GROUPS_CLAIM,
        ...(groupClaims === undefined ? {} : { sent: groupClaims !== "None" }),
        sentWith: 'singleSignOn.groupClaims "ApplicationGroup" or "SecurityGroup"',
        // Object ids unless the claim was customized by hand to send names (not managed here): the refusal names the way out.
        ...(groupClaims === "ApplicationGroup" || groupClaims === "SecurityGroup" ? { values: "object-ids" as const } : {}),
        managedWith: "singleSignOn.groupClaims",
      };
    }
    // Without managed SSO Entra still sends its built-in claims; the object id is in objectidentifier.
    this.grafanaSamlSettings = {
      ...(this.singleSignOn?.grafanaSamlSettings ?? entraGrafanaSamlSettings(props.tenantId, this.app.clientId, "objectidentifier")),
      identityProvider: this,
    };
  }

  /** Object id of the enterprise app's application. */
  get applicationObjectId(): string {
    return this.app.applicationObjectId;
  }

  /** The application (client) id. */
  get clientId(): string {
    return this.app.clientId;
  }

  /** Object id of the enterprise app (its service principal). */
  get servicePrincipalObjectId(): string {
    return this.app.servicePrincipalObjectId;
  }

  /** The provisioning (synchronization) job's Graph id, `scim.<hex>.<guid>`: the last segment of azuread's `/servicePrincipals/{sp}/synchronization/jobs/{id}`. */
  get synchronizationJobId(): string {
    return Fn.element(Fn.split("/", this.provisioning.job.id), 5);
  }

  /** The provisioning blade of the enterprise app in the Entra admin center. */
  get provisioningPortalUrl(): string {
    return provisioningPortalUrl(this.app.clientId, this.app.servicePrincipalObjectId);
  }

  /**
   * Imports what exists of a setup made by hand instead of creating it (Terraform `import`
   * blocks): the application (and with it the service principal, adopted), the provisioning job,
   * the group assignments whose ids are given, and with `singleSignOn` the app's identifier URI and
   * reply URLs (and its signing certificate, given its key id). The job's secret, mappings,
   * credential test and start are applied as configured (see docs/adopting.md of the package).
   * Throws a `ConfigurationError` naming `adopt.<field>` for a malformed id, a group not in
   * `groups`, or `adopt.singleSignOn` without `singleSignOn`.
   */
  adopt(existing: EntraScimAdoption): void {
    assertValid("adopt.applicationObjectId", uuidProblem(existing.applicationObjectId));
    assertValid("adopt.servicePrincipalObjectId", uuidProblem(existing.servicePrincipalObjectId));
    assertValid("adopt.synchronizationJobId", synchronizationJobIdProblem(existing.synchronizationJobId));
    const labels = this.groups.map(entraGroupLabel);
    const assignmentIds = existing.groupAssignmentIds ?? {};
    for (const [label, assignmentId] of Object.entries(assignmentIds)) {
      const field = `adopt.groupAssignmentIds.${label}`;
      assertValid(field, unknownAssignmentGroupProblem(label, labels, "groups"));
      assertValid(field, assignmentId.trim() === "" ? "must not be empty" : templateSequenceProblem(assignmentId));
    }
    if (existing.singleSignOn !== undefined && this.singleSignOn === undefined) {
      throw new ConfigurationError("adopt.singleSignOn", "needs singleSignOn: without it the construct manages no single sign-on to import");
    }
    const keyId = existing.singleSignOn?.signingCertificateKeyId;
    if (keyId !== undefined) assertValid("adopt.singleSignOn.signingCertificateKeyId", uuidProblem(keyId));
    requireTerraformVersion(this, IMPORT_BLOCK_VERSION);
    const sp = existing.servicePrincipalObjectId;
    this.app.importExisting(existing.applicationObjectId, sp);
    this.provisioning.importExisting(sp, existing.synchronizationJobId);
    this.assignments.importExisting(sp, labels.map((label) => assignmentIds[label]));
    // azuread refuses to create the identifier URI and reply URLs of an app that has them, and a
    // Grafana SAML app made by hand has both.
    this.singleSignOn?.importExisting(existing.applicationObjectId, sp, {
      basicSamlConfiguration: existing.singleSignOn?.basicSamlConfiguration ?? true,
      ...(keyId === undefined ? {} : { signingCertificateKeyId: keyId }),
    });
  }
}
