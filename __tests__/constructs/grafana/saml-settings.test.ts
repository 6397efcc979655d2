import { TerraformVariable, Testing } from "cdktf";
import { GrafanaProvider } from "../../../.gen/providers/grafana/provider";
import { SsoSettings } from "../../../.gen/providers/grafana/sso-settings";
import { Construct } from "constructs";
import { GrafanaSamlSettings, groupObjectIdClaim, groupsClaimHint, unsentGroupsClaimProblem, type GrafanaSamlSettingsProps, type ISamlIdentityProvider, type SamlGroupsClaim } from "../../../constructs/grafana/saml-settings";
import { samlAcsUrl, samlEntityId } from "../../../constructs/grafana/saml-urls";
import { Template } from "../../support/template";

const cloud = { kind: "cloud", stackSlug: "acme", stackId: 1 } as const;
const base: GrafanaSamlSettingsProps = { grafanaUrl: "https://grafana.example.com", idpMetadataUrl: "https://idp.example.com/metadata", signing: "managed-elsewhere" };
const settingsOf = (props: GrafanaSamlSettingsProps) =>
  Template.synth((stack) => new GrafanaSamlSettings(stack, "saml", props)).resource("grafana_sso_settings").saml_settings as Record<string, unknown>;

describe("GrafanaSamlSettings", () => {
  it("GIVEN defaults THEN SAML is aligned with SCIM: userUID external id, no sign-up, entity id = SP metadata URL", () => {
    const synthesized = Testing.synthScope((stack) => {
      new GrafanaProvider(stack, "grafana", {});
      new GrafanaSamlSettings(stack, "saml", base);
    });
    expect(synthesized).toHaveResourceWithProperties(SsoSettings, {
      provider_name: "saml",
      saml_settings: expect.objectContaining({
        enabled: true,
        assertion_attribute_external_uid: "userUID",
        allow_sign_up: false,
        allow_idp_initiated: false,
        entity_id: "https://grafana.example.com/saml/metadata",
        idp_metadata_url: "https://idp.example.com/metadata",
      }),
    });
  });

  it("passes the IdP-specific attributes through", () => {
    const saml = settingsOf({
      ...base,
      assertionAttributeExternalUid: "http://schemas.microsoft.com/identity/claims/objectidentifier",
      assertionAttributeLogin: "login",
      assertionAttributeEmail: "email",
      nameIdFormat: "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
      signatureAlgorithm: "rsa-sha256",
      extraSettings: { singleLogout: true, relayState: "grafana" },
    });
    expect(saml).toEqual(
      expect.objectContaining({
        assertion_attribute_external_uid: "http://schemas.microsoft.com/identity/claims/objectidentifier",
        assertion_attribute_login: "login",
        assertion_attribute_email: "email",
        name_id_format: "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
        signature_algorithm: "rsa-sha256",
        single_logout: true,
        relay_state: "grafana",
      }),
    );
  });

  it("takes the signing key pair as references, never as literals", () => {
    const t = Template.synth((stack) => {
      const cert = new TerraformVariable(stack, "cert", { type: "string" });
      const key = new TerraformVariable(stack, "key", { type: "string", sensitive: true });
      new GrafanaSamlSettings(stack, "saml", { ...base, signing: { certificate: cert.stringValue, privateKey: key.stringValue } });
    });
    const saml = t.resource("grafana_sso_settings").saml_settings as Record<string, unknown>;
    expect(saml.certificate).toBe("${var.cert}");
    expect(saml.private_key).toBe("${var.key}");
  });

  it("supports key files on the Grafana server", () => {
    expect(settingsOf({ ...base, signing: { certificatePath: "/etc/grafana/saml.crt", privateKeyPath: "/etc/grafana/saml.key" } })).toEqual(
      expect.objectContaining({ certificate_path: "/etc/grafana/saml.crt", private_key_path: "/etc/grafana/saml.key" }),
    );
  });

  it.each<[string, GrafanaSamlSettingsProps, RegExp]>([
    ["no metadata", { grafanaUrl: "https://g.example.com", signing: "managed-elsewhere" }, /^idpMetadataUrl: set exactly one/],
    ["two metadata sources", { ...base, idpMetadataPath: "/etc/idp.xml" }, /^idpMetadataUrl: set exactly one/],
    ["empty external uid", { ...base, assertionAttributeExternalUid: "" }, /^assertionAttributeExternalUid: must not be empty/],
    // No Terraform template reaches the settings from a URL.
    ["a template in Grafana's URL", { ...base, grafanaUrl: "https://${var.h}.example.com" }, /^grafanaUrl: must not contain "\$\{"/],
    ["a template in the metadata URL", { ...base, idpMetadataUrl: "https://idp.example.com/${var.p}" }, /^idpMetadataUrl: must not contain "\$\{"/],
    ["a metadata host with a trailing dot", { ...base, idpMetadataUrl: "https://idp.example.com./m" }, /^idpMetadataUrl: the host "idp\.example\.com\." ends with a dot/],
    ["a template in the entity id", { ...base, entityId: "urn:%{x}" }, /^entityId: must not contain "%\{"/],
    // Grafana Cloud has no server file system.
    ["a metadata path on Grafana Cloud", { grafanaUrl: "https://acme.grafana.net", idpMetadataPath: "/etc/idp.xml", instance: cloud, signing: "managed-elsewhere" }, /^idpMetadataPath: is a path on the Grafana server/],
    [
      "key paths on Grafana Cloud",
      { ...base, grafanaUrl: "https://acme.grafana.net", instance: cloud, signing: { certificatePath: "/etc/g.crt", privateKeyPath: "/etc/g.key" } },
      /^signing\.certificatePath: is a path on the Grafana server, and Grafana Cloud has no server file system/,
    ],
  ])("rejects %s", (_name, props, message) => expect(() => settingsOf(props)).toThrow(message));

  it("accepts paths on self-hosted Grafana and references anywhere", () => {
    const selfHosted = { kind: "self-hosted", url: "https://grafana.example.com" } as const;
    expect(settingsOf({ grafanaUrl: selfHosted.url, instance: selfHosted, idpMetadataPath: "/etc/idp.xml", signing: "managed-elsewhere" }).idp_metadata_path).toBe("/etc/idp.xml");
    const t = Template.synth((stack) => {
      const url = new TerraformVariable(stack, "metadata", { type: "string" });
      new GrafanaSamlSettings(stack, "saml", { grafanaUrl: "https://grafana.example.com", idpMetadataUrl: url.stringValue, signing: "managed-elsewhere" });
    });
    expect((t.resource("grafana_sso_settings").saml_settings as Record<string, unknown>).idp_metadata_url).toBe("${var.metadata}");
  });

  describe("role sync: SCIM does not assign roles, so the authoritative settings carry Grafana's role mapping", () => {
    it("GIVEN role values and the IdP's groups attribute THEN roles are read from the groups attribute", () => {
      expect(settingsOf({ ...base, assertionAttributeGroups: "Group", roleValues: { admin: ["grafana-admins"], grafanaAdmin: ["grafana-root"] } })).toEqual(
        expect.objectContaining({ assertion_attribute_role: "Group", role_values_admin: "grafana-admins", role_values_grafana_admin: "grafana-root" }),
      );
    });

    it("GIVEN org mapping, allowed organizations and skipOrgRoleSync THEN Grafana's formats", () => {
      expect(
        settingsOf({ ...base, assertionAttributeOrg: "org", orgMapping: [{ value: "eng", orgId: 2, role: "Editor" }, { value: "*", orgId: 1 }], allowedOrganizations: ["eng", "ops"], skipOrgRoleSync: true }),
      ).toEqual(expect.objectContaining({ assertion_attribute_org: "org", org_mapping: "eng:2:Editor, *:1", allowed_organizations: "eng, ops", skip_org_role_sync: true }));
    });

    it.each<[string, Partial<GrafanaSamlSettingsProps>, RegExp]>([
      ["role values with nothing to read them from", { roleValues: { admin: ["a"] } }, /^assertionAttributeRole: is needed with roleValues/],
      ["a value Grafana would split in two", { assertionAttributeGroups: "G", roleValues: { editor: ["Grafana Editors"] } }, /^roleValues\.editor\[0\]: "Grafana Editors" contains a space or comma/],
      ["role values switched off by skipOrgRoleSync", { assertionAttributeGroups: "G", roleValues: { admin: ["a"] }, skipOrgRoleSync: true }, /^skipOrgRoleSync: turns role sync off/],
    ])("refuses %s, naming the prop", (_name, props, message) => expect(() => settingsOf({ ...base, ...props })).toThrow(message));
  });

  it("derives Grafana's SP URLs from its root URL", () => {
    expect(samlEntityId("https://g.example.com/")).toBe("https://g.example.com/saml/metadata");
    expect(samlAcsUrl("https://g.example.com")).toBe("https://g.example.com/saml/acs");
  });
});

describe("GrafanaSamlSettings' extraSettings: only attributes no prop sets", () => {
  it.each<[string, Record<string, unknown>, string]>([
    ["an external UID claim (the claim check would be skipped)", { assertionAttributeExternalUid: "email" }, "extraSettings.assertionAttributeExternalUid: is set by the prop assertionAttributeExternalUid: use it instead"],
    ["sign-up at login", { allowSignUp: true }, "extraSettings.allowSignUp: is set by the prop allowSignUp: use it instead"],
    ["a role value", { roleValuesAdmin: "grafana-admins" }, "extraSettings.roleValuesAdmin: is set by the prop roleValues.admin: use it instead"],
    ["the private key", { privateKey: "${var.k}" }, "extraSettings.privateKey: is set by the prop signing: use it instead"],
    ["SAML switched off", { enabled: false }, "extraSettings.enabled: is always true"],
    ["inline metadata besides the URL", { idpMetadata: "<xml/>" }, "extraSettings.idpMetadata: would be a second metadata source"],
  ])("GIVEN %s in extraSettings THEN refused, naming the prop to use", (_, extraSettings, message) => {
    expect(() => settingsOf({ ...base, extraSettings })).toThrow(message);
  });

  it("GIVEN only attributes no prop sets (or a prop's attribute left undefined) THEN they are passed through", () => {
    expect(settingsOf({ ...base, extraSettings: { autoLogin: true, maxIssueDelay: "90s", allowSignUp: undefined } })).toEqual(
      expect.objectContaining({ auto_login: true, max_issue_delay: "90s", allow_sign_up: false }),
    );
  });

  it("GIVEN an identity provider that does not send the claim THEN extraSettings cannot set it either (before: it was spread after the check and won)", () => {
    const construct = new Construct(Testing.app(), "idp");
    const idp: ISamlIdentityProvider = Object.assign(construct, {
      grafanaSamlSettings: { identityProvider: construct as unknown as ISamlIdentityProvider, idpMetadataUrl: "https://idp.example.com/metadata", assertionAttributeExternalUid: "userUID", assertionAttributeLogin: "login", assertionAttributeEmail: "email", assertionAttributeName: "name" },
      externalUidClaims: ["userUID"],
    });
    expect(() => settingsOf({ ...base, identityProvider: idp, extraSettings: { assertionAttributeExternalUid: "email" } })).toThrow(/^extraSettings\.assertionAttributeExternalUid: is set by the prop/);
  });
});

describe("GrafanaSamlSettings' signing is required", () => {
  it("GIVEN no signing (a JavaScript caller, or a cast) THEN refused: an authoritative grafana_sso_settings without the pair would remove a working one", () => {
    const { signing: _signing, ...withoutSigning } = base;
    expect(() => settingsOf(withoutSigning as GrafanaSamlSettingsProps)).toThrow(
      /^signing: is required: Grafana's SAML needs its SP certificate and private key, and grafana_sso_settings is authoritative.*"managed-elsewhere" to opt out$/,
    );
  });

  it('GIVEN "managed-elsewhere" THEN the settings set no certificate or key (the explicit opt-out)', () => {
    const saml = settingsOf(base);
    expect(Object.keys(saml).filter((k) => /certificate|private_key/.test(k))).toEqual([]);
  });
});

describe("GrafanaSamlSettings.adopt", () => {
  it("imports Grafana's existing SAML settings with the id the provider reads as the SSO provider's name", () => {
    const t = Template.synth((stack) => new GrafanaSamlSettings(stack, "saml", base).adopt());
    expect(t.json.import).toEqual([{ to: t.address("grafana_sso_settings"), id: "saml" }]);
  });
});

describe("GrafanaSamlSettings with its identity provider", () => {
  const idp = (stack: Construct, externalUidClaims?: readonly string[]): ISamlIdentityProvider => {
    const construct = new Construct(stack, "idp");
    return Object.assign(construct, {
      grafanaSamlSettings: { identityProvider: construct as unknown as ISamlIdentityProvider, idpMetadataUrl: "https://idp.example.com/metadata", assertionAttributeExternalUid: "uid", assertionAttributeLogin: "l", assertionAttributeEmail: "e", assertionAttributeName: "n" },
      ...(externalUidClaims ? { externalUidClaims } : {}),
    });
  };

  it("GIVEN its grafanaSamlSettings spread in, with nothing else about the identity provider THEN the claim check is on (the settings carry it)", () => {
    expect(() =>
      Template.synth((stack) => {
        const provider = idp(stack, ["uid"]);
        new GrafanaSamlSettings(stack, "saml", { ...provider.grafanaSamlSettings, assertionAttributeExternalUid: "email", grafanaUrl: "https://grafana.example.com", signing: "managed-elsewhere" });
      }),
    ).toThrow(/^assertionAttributeExternalUid: "email" is not a claim Construct "test\/idp" sends/);
  });

  it("GIVEN an external UID claim the identity provider does not send THEN refused, naming the prop and the claims it sends", () => {
    expect(() =>
      Template.synth((stack) => new GrafanaSamlSettings(stack, "saml", { ...base, assertionAttributeExternalUid: "email", identityProvider: idp(stack, ["uid", "oid"]) })),
    ).toThrow(/^assertionAttributeExternalUid: "email" is not a claim Construct "test\/idp" sends the user's id in \("uid" or "oid"\): SAML logins would find no SCIM user/);
  });

  it("GIVEN one of its claims, or an identity provider whose claims are not managed, THEN accepted", () => {
    for (const [claim, claims] of [["oid", ["uid", "oid"]], ["anything", undefined]] as const) {
      const t = Template.synth((stack) => new GrafanaSamlSettings(stack, "saml", { ...base, assertionAttributeExternalUid: claim, identityProvider: idp(stack, claims) }));
      expect((t.resource("grafana_sso_settings").saml_settings as Record<string, unknown>).assertion_attribute_external_uid).toBe(claim);
    }
  });
});

describe("GrafanaSamlSettings and the identity provider's groups claim (any identity provider that declares it)", () => {
  const idp = (stack: Construct, groupsClaim?: SamlGroupsClaim): ISamlIdentityProvider => {
    const construct = new Construct(stack, "idp");
    return Object.assign(construct, {
      grafanaSamlSettings: { identityProvider: construct as unknown as ISamlIdentityProvider, idpMetadataUrl: "https://idp.example.com/metadata", assertionAttributeExternalUid: "uid", assertionAttributeLogin: "l", assertionAttributeEmail: "e", assertionAttributeName: "n" },
      ...(groupsClaim ? { groupsClaim } : {}),
    });
  };
  const claim = (sent?: boolean): SamlGroupsClaim => ({ name: "grp", ...(sent === undefined ? {} : { sent }), sentWith: "sendGroups true" });

  it("names the option that sends the claim in a role or org problem, unless the claim is sent or not declared", () => {
    const scope = new Construct(Testing.app(), "s");
    expect(groupsClaimHint(idp(scope, claim(false)), "assertionAttributeRole")).toBe('. Construct "s/idp" sends groups in "grp" only with sendGroups true');
    expect(groupsClaimHint(idp(new Construct(Testing.app(), "u"), claim()), "assertionAttributeOrg")).toMatch(/only with sendGroups true$/);
    expect(groupsClaimHint(idp(new Construct(Testing.app(), "t"), claim(true)), "assertionAttributeRole")).toBe("");
    expect(groupsClaimHint(idp(new Construct(Testing.app(), "v")), "assertionAttributeRole")).toBe("");
    expect(groupsClaimHint(idp(new Construct(Testing.app(), "w"), claim(false)), "roleValues.admin[0]")).toBe("");
  });

  it("refuses reading a groups claim the identity provider is set not to send, by the attribute in effect; a claim left as set up by hand is not judged", () => {
    const notSent = idp(new Construct(Testing.app(), "s"), claim(false));
    expect(unsentGroupsClaimProblem(notSent, { assertionAttributeGroups: "grp" })?.field).toBe("assertionAttributeGroups");
    expect(unsentGroupsClaimProblem(notSent, { assertionAttributeRole: "grp", roleValues: { admin: ["a"] } })?.field).toBe("assertionAttributeRole");
    expect(unsentGroupsClaimProblem(notSent, { allowedOrganizations: ["a"], assertionAttributeOrg: "grp" })?.problem).toMatch(/^reads "grp", which Construct "s\/idp" is set not to send: .*Set sendGroups true, or stop reading it$/);
    expect(unsentGroupsClaimProblem(notSent, { assertionAttributeRole: "other", roleValues: { admin: ["a"] } })).toBeUndefined();
    expect(unsentGroupsClaimProblem(idp(new Construct(Testing.app(), "h"), claim()), { assertionAttributeGroups: "grp" })).toBeUndefined();
    expect(() =>
      Template.synth((stack) => new GrafanaSamlSettings(stack, "saml", { ...base, assertionAttributeGroups: "grp", identityProvider: idp(stack, claim(false)) })),
    ).toThrow(/^assertionAttributeGroups: reads "grp", which Construct "test\/idp" is set not to send/);
  });

  describe("a groups claim of object ids", () => {
    const objectIds = (sent?: boolean): SamlGroupsClaim => ({ ...claim(sent), values: "object-ids", managedWith: "sendGroups" });
    const ADMINS = "6d5f1a3c-0000-4000-8000-0000000000bb";

    it("is checked only when the identity provider sends it and declares object ids", () => {
      expect(groupObjectIdClaim(idp(new Construct(Testing.app(), "s"), objectIds(true)))).toEqual({ name: "grp", sender: 'Construct "s/idp"', managedWith: "sendGroups" });
      expect(groupObjectIdClaim(idp(new Construct(Testing.app(), "f"), objectIds(false)))).toBeUndefined();
      expect(groupObjectIdClaim(idp(new Construct(Testing.app(), "h"), objectIds()))).toBeUndefined();
      expect(groupObjectIdClaim(idp(new Construct(Testing.app(), "n"), claim(true)))).toBeUndefined();
      expect(groupObjectIdClaim(undefined)).toBeUndefined();
    });

    it("GIVEN role values, org mapping values or allowed organizations that are not object ids THEN refused, naming the prop by index, why and what to do", () => {
      const build = (extra: Partial<GrafanaSamlSettingsProps>) => () =>
        Template.synth((stack) => new GrafanaSamlSettings(stack, "saml", { ...base, assertionAttributeGroups: "grp", identityProvider: idp(stack, objectIds(true)), ...extra }));
      expect(build({ roleValues: { admin: ["GrafanaAdmins"] } })).toThrow(
        /^roleValues\.admin\[0\]: "GrafanaAdmins" is not a group object id, and Construct "test\/idp" sends group object ids \(UUIDs\) in "grp": this value would never match, so its users would get Grafana's default role .*Use the group's object id; or, .*leave sendGroups unset so this package does not manage them, and set assertionAttributeGroups yourself$/,
      );
      // Before roleSyncProblems: its advice for a value with a space (a name without one) would be wrong here.
      expect(build({ roleValues: { editor: [ADMINS, "Grafana Editors"] } })).toThrow(/^roleValues\.editor\[1\]: "Grafana Editors" is not a group object id/);
      expect(build({ orgMapping: [{ value: "*", orgId: 1 }, { value: "eng", orgId: 2 }] })).toThrow(/^orgMapping\[1\]\.value: "eng" is not a group object id.*would not join organization 2/);
      expect(build({ allowedOrganizations: ["eng"] })).toThrow(/^allowedOrganizations\[0\]: "eng" is not a group object id.*could not sign in/);
    });

    it("GIVEN object ids, *, references, or names read from another claim THEN accepted and synthesized as given", () => {
      const t = Template.synth((stack) => {
        const admins = new TerraformVariable(stack, "admins", { type: "string" }).stringValue;
        new GrafanaSamlSettings(stack, "saml", {
          ...base,
          assertionAttributeGroups: "grp",
          identityProvider: idp(stack, objectIds(true)),
          roleValues: { admin: [admins], editor: [ADMINS] },
          orgMapping: [{ value: "*", orgId: 1 }, { value: ADMINS, orgId: 2 }],
        });
      });
      expect(t.resource("grafana_sso_settings").saml_settings).toEqual(
        expect.objectContaining({ role_values_admin: "${var.admins}", role_values_editor: ADMINS, org_mapping: `*:1, ${ADMINS}:2` }),
      );
      expect(() =>
        Template.synth((stack) =>
          new GrafanaSamlSettings(stack, "saml", { ...base, assertionAttributeGroups: "grp", assertionAttributeRole: "role", identityProvider: idp(stack, objectIds(true)), roleValues: { admin: ["GrafanaAdmins"] } }),
        ),
      ).not.toThrow();
    });
  });
});

describe("GrafanaSamlSettings' props as an app passes them straight in (gap review)", () => {
  // An environment file cannot hold these (its format refuses them); an app that builds the construct can.
  it.each<[string, Partial<GrafanaSamlSettingsProps>]>([
    ["displayName", { displayName: "${var.x}" }],
    ["assertionAttributeExternalUid", { assertionAttributeExternalUid: "${var.x}" }],
    ["assertionAttributeLogin", { assertionAttributeLogin: "login-%{x}" }],
    ["assertionAttributeEmail", { assertionAttributeEmail: "${var.x}" }],
    ["assertionAttributeName", { assertionAttributeName: "${var.x}" }],
    ["assertionAttributeGroups", { assertionAttributeGroups: "${var.x}" }],
    ["assertionAttributeRole", { assertionAttributeRole: "${var.x}" }],
    ["assertionAttributeOrg", { assertionAttributeOrg: "${var.x}" }],
    ["nameIdFormat", { nameIdFormat: "${var.x}" }],
    ["idpMetadataPath", { idpMetadataUrl: undefined, idpMetadataPath: "/etc/${var.x}.xml" }],
    ["signing.certificatePath", { signing: { certificatePath: "/etc/${var.x}.crt", privateKeyPath: "/etc/g.key" } }],
    ["signing.privateKeyPath", { signing: { certificatePath: "/etc/g.crt", privateKeyPath: "/etc/${var.x}.key" } }],
  ])("GIVEN a template sequence in %s THEN refused naming the prop (before: synthesized unescaped, for Terraform to evaluate)", (field, props) => {
    expect(() => settingsOf({ ...base, ...props })).toThrow(new RegExp(`^${field.replace(".", "\\.")}: must not contain "[$%]\\{": Terraform would read it as a template`));
  });

  it("GIVEN a control or bidirectional character in a plain-text prop THEN refused naming it (before: synthesized)", () => {
    expect(() => settingsOf({ ...base, displayName: "Sign in\u202e" })).toThrow(/^displayName: contains a bidirectional control character/);
    expect(() => settingsOf({ ...base, assertionAttributeLogin: "login\r\n" })).toThrow(/^assertionAttributeLogin: contains a control character/);
  });

  it.each<[string, Partial<GrafanaSamlSettingsProps>]>([
    ["displayName", { displayName: " " }],
    ["assertionAttributeLogin", { assertionAttributeLogin: "" }],
    ["entityId", { entityId: "  " }],
    ["signing.privateKeyPath", { signing: { certificatePath: "/etc/g.crt", privateKeyPath: "" } }],
  ])("GIVEN an empty or blank %s THEN refused naming the prop (before: synthesized)", (field, props) => {
    expect(() => settingsOf({ ...base, ...props })).toThrow(new RegExp(`^${field.replace(".", "\\.")}: must not be empty`));
  });

  it("GIVEN a literal private key THEN refused without echoing it (before: written in clear into the synthesized JSON)", () => {
    const key = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----";
    let error: Error | undefined;
    try {
      settingsOf({ ...base, signing: { certificate: "Y2VydA==", privateKey: Buffer.from(key).toString("base64") } });
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message).toMatch(/^signing\.privateKey: must be a reference to a sensitive value/);
    expect(error?.message).not.toContain(Buffer.from(key).toString("base64").slice(0, 20));
  });
});

describe("GrafanaSamlSettings' extraSettings as an app passes them (gap review)", () => {
  it("GIVEN a template sequence in a string attribute THEN refused naming it (before: synthesized unescaped)", () => {
    expect(() => settingsOf({ ...base, extraSettings: { relayState: "${var.x}" } })).toThrow(/^extraSettings\.relayState: must not contain "\$\{"/);
    expect(() => settingsOf({ ...base, extraSettings: { tokenUrl: "https://login.example.com/%{x}" } })).toThrow(/^extraSettings\.tokenUrl: must not contain "%\{"/);
  });

  it("GIVEN a tokenUrl that is not https with a plain host THEN refused as idpMetadataUrl would be (before: accepted; Grafana posts the client secret there)", () => {
    const oauth = { clientId: "00000000-0000-4000-8000-0000000000cc" };
    expect(() => settingsOf({ ...base, extraSettings: { ...oauth, tokenUrl: "http://login.example.com/token" } })).toThrow(/^extraSettings\.tokenUrl: must use https/);
    expect(() => settingsOf({ ...base, extraSettings: { ...oauth, tokenUrl: "https://lоgin.example.com/token" } })).toThrow(/^extraSettings\.tokenUrl: the host "lоgin\.example\.com" is read as/);
  });

  it("GIVEN a literal clientSecret THEN refused without echoing it (before: written in clear into the synthesized JSON); a reference passes", () => {
    const secret = "Abc8Q~FAKEfakeFAKEfakeFAKEfakeFAKEfake12";
    const oauth = { clientId: "00000000-0000-4000-8000-0000000000cc", tokenUrl: "https://login.microsoftonline.com/t/oauth2/v2.0/token" };
    expect(() => settingsOf({ ...base, extraSettings: { ...oauth, clientSecret: secret } })).toThrow(/^extraSettings\.clientSecret: must be a reference to a sensitive value/);
    expect(() => settingsOf({ ...base, extraSettings: { ...oauth, clientSecret: secret } })).not.toThrow(new RegExp(secret.slice(0, 12)));
    const t = Template.synth((stack) => {
      const v = new TerraformVariable(stack, "cs", { type: "string", sensitive: true });
      new GrafanaSamlSettings(stack, "saml", { ...base, extraSettings: { ...oauth, clientSecret: v.stringValue, relayState: "plain" } });
    });
    expect(t.resource("grafana_sso_settings").saml_settings).toEqual(expect.objectContaining({ client_secret: "${var.cs}", relay_state: "plain" }));
  });
});

describe("GrafanaSamlSettings' grafanaUrl and instance (gap review)", () => {
  const selfHosted = { kind: "self-hosted", url: "https://grafana.example.com" } as const;
  it("GIVEN a grafanaUrl that is not the instance's Grafana THEN refused (before: accepted, the SP URLs of one Grafana written into another's settings)", () => {
    expect(() => settingsOf({ ...base, grafanaUrl: "https://other.example.com", instance: selfHosted })).toThrow(
      /^grafanaUrl: is not the Grafana of instance \(https:\/\/grafana\.example\.com\)/,
    );
    expect(() => settingsOf({ ...base, grafanaUrl: "https://beta.grafana.net", instance: cloud })).toThrow(/^grafanaUrl: is not the Grafana of instance/);
  });

  it("GIVEN the instance's URL, its stack's own host or its custom domain, or a reference THEN accepted", () => {
    expect(settingsOf({ ...base, grafanaUrl: "https://GRAFANA.example.com:443", instance: selfHosted }).entity_id).toBe("https://GRAFANA.example.com:443/saml/metadata");
    expect(settingsOf({ ...base, grafanaUrl: "https://acme.grafana.net", instance: cloud }).enabled).toBe(true);
    const custom = { ...cloud, url: "https://grafana.acme.com" } as const;
    expect(settingsOf({ ...base, grafanaUrl: "https://grafana.acme.com", instance: custom }).enabled).toBe(true);
    expect(settingsOf({ ...base, grafanaUrl: "https://acme.grafana.net", instance: custom }).enabled).toBe(true);
  });

  it("GIVEN a malformed instance THEN refused naming instance.<field> (before: a TypeError from new URL)", () => {
    expect(() => settingsOf({ ...base, instance: { kind: "self-hosted", url: "grafana.example.com" } })).toThrow(/^instance\.url: must be an absolute URL/);
  });
});

describe("GrafanaSamlSettings given values of the wrong form by a JavaScript caller (gap review)", () => {
  it('GIVEN signing "variables" (the environment file\'s form) THEN refused naming signing and the forms it takes (before: a TypeError)', () => {
    expect(() => settingsOf({ ...base, signing: "variables" as never })).toThrow(
      /^signing: must be \{ certificate, privateKey \} \(references to sensitive values\), \{ certificatePath, privateKeyPath \} or "managed-elsewhere" \(got "variables"\)/,
    );
    expect(() => settingsOf({ ...base, signing: { certificate: "${var.c}" } as never })).toThrow(/^signing: must be \{ certificate, privateKey \}/);
  });

  it("GIVEN no grafanaUrl THEN refused naming it (before: a TypeError)", () => {
    expect(() => settingsOf({ ...base, grafanaUrl: undefined as never })).toThrow(/^grafanaUrl: is required: Grafana's root URL/);
  });
});
