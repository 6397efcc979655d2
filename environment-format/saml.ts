/**
 * The `saml` section of an environment file: Grafana's SAML settings (`grafana_sso_settings`,
 * authoritative) when this package owns them, with role sync and organization mapping.
 */
import { z } from "zod";
import { ORG_MAPPING_ROLES, SAML_ROLE_SETTINGS } from "../constructs/grafana/saml-role-sync";
import { DEFAULT_EXTERNAL_UID_ATTRIBUTE } from "../constructs/grafana/saml-urls";
import { httpsUrlProblem } from "../constructs/grafana/tenant-url";
import { fromProblem, nonEmpty } from "./fields";

const samlSigningSchema = z.union([
  z.literal("variables").meta({
    description: "Read Grafana's SP certificate and private key (base64 PEM) from TF_VAR_saml_certificate and TF_VAR_saml_private_key.",
  }),
  z
    .strictObject({ certificatePath: nonEmpty("Certificate path on the Grafana server."), privateKeyPath: nonEmpty("Key path on the Grafana server.") })
    .meta({ description: "Certificate and key files on the Grafana server (self-hosted)." }),
]);

/** `saml`: Grafana's SAML settings, when this package owns them. */
export const samlSchema = z
  .strictObject({
    idpMetadataUrl: z
      .string()
      .superRefine(fromProblem(httpsUrlProblem))
      .optional()
      .meta({ description: "URL of the identity provider's SAML metadata.", format: "uri" }),
    idpMetadataPath: nonEmpty("Path of the identity provider's SAML metadata on the Grafana server.").optional(),
    entityId: nonEmpty("Grafana's SAML entity id. Default: <grafana url>/saml/metadata.").optional(),
    displayName: nonEmpty("Login button label.").optional(),
    assertionAttributeExternalUid: nonEmpty(
      `SAML attribute carrying the id SCIM sends as externalId. Default: what the identity provider sends, else "${DEFAULT_EXTERNAL_UID_ATTRIBUTE}".`,
    ).optional(),
    assertionAttributeLogin: nonEmpty("SAML attribute for the login.").optional(),
    assertionAttributeEmail: nonEmpty("SAML attribute for the email.").optional(),
    assertionAttributeName: nonEmpty("SAML attribute for the display name.").optional(),
    assertionAttributeGroups: nonEmpty("SAML attribute for groups. Default: what the identity provider sends (Okta: its groups statement).").optional(),
    assertionAttributeRole: nonEmpty(
      "Role sync: the SAML attribute Grafana reads roles from. Default with roleValues: the groups attribute (Okta: the app's groups statement, as Grafana's role sync guide for Okta does).",
    ).optional(),
    roleValues: z
      .strictObject(
        Object.fromEntries(
          SAML_ROLE_SETTINGS.map(([role]) => [
            role,
            z.array(nonEmpty(`A value of the role attribute (with the default, a group name) that gives the ${role} role.`)).optional(),
          ]),
        ) as Record<(typeof SAML_ROLE_SETTINGS)[number][0], z.ZodOptional<z.ZodArray<ReturnType<typeof nonEmpty>>>>,
      )
      .optional()
      .meta({
        description:
          "Role sync: which values of the role attribute give which Grafana role (role_values_none/viewer/editor/admin/grafana_admin). SCIM does not assign roles; without this, Grafana's role sync is off. Values must not contain spaces or commas: Grafana splits them there.",
      }),
    skipOrgRoleSync: z.boolean().optional().meta({ description: "Keep roles and organization memberships as set in Grafana (no role sync at login). Default: Grafana's, false." }),
    assertionAttributeOrg: nonEmpty("Org mapping: the SAML attribute Grafana reads organizations from. Default with orgMapping or allowedOrganizations: the groups attribute.").optional(),
    orgMapping: z
      .array(
        z.strictObject({
          value: nonEmpty("A value of the org attribute (with the default, a group name), or * for every user."),
          orgId: z.number().meta({ description: "The Grafana organization id.", type: "integer", exclusiveMinimum: 0 }),
          role: z.enum(ORG_MAPPING_ROLES).optional().meta({ description: "The role in that organization. Default: Grafana's (auto_assign_org_role)." }),
        }),
      )
      .optional()
      .meta({ description: "Org mapping (org_mapping): organization memberships by value of the org attribute." }),
    allowedOrganizations: z
      .array(nonEmpty("A value of the org attribute."))
      .optional()
      .meta({ description: "Values of the org attribute a user needs one of to sign in (allowed_organizations). Default: everyone may sign in." }),
    nameIdFormat: nonEmpty("NameID format Grafana requests.").optional(),
    signatureAlgorithm: z.enum(["rsa-sha1", "rsa-sha256", "rsa-sha512"]).optional(),
    signing: samlSigningSchema.optional(),
    allowSignUp: z.boolean().optional().meta({ description: "Let SAML login create users SCIM did not provision. Default false; keep it." }),
    allowIdpInitiated: z
      .boolean()
      .optional()
      .meta({
        description:
          "Allow IdP-initiated login. Default false: then the app's tile on an Okta or My Apps dashboard fails and users sign in from Grafana's login page. With true, Grafana's relay_state must match the relay state the identity provider sends (not managed here).",
      }),
  })
  .superRefine((saml, ctx) => {
    if (saml.idpMetadataUrl !== undefined && saml.idpMetadataPath !== undefined) {
      ctx.addIssue({ code: "custom", path: ["idpMetadataUrl"], message: "set only one of idpMetadataUrl or idpMetadataPath" });
    }
  })
  .meta({
    description:
      "Let this package own Grafana's SAML settings (grafana_sso_settings, authoritative), aligned with SCIM. Omit to leave SAML as it is.",
  });

/** A validated `saml` section. */
export type SamlConfig = z.output<typeof samlSchema>;
