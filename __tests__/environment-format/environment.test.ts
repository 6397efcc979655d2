import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { EnvironmentError, loadEnvironment, loadEnvironments, validateEnvironment } from "../../environment-format";

const cloud = { grafana: { kind: "cloud", stackSlug: "acme", stackId: 123456 } };
const selfHosted = { grafana: { kind: "self-hosted", url: "https://grafana.example.com" } };
const entra = { identityProvider: { kind: "entra", tenantId: "72f988bf-0000-4000-8000-0000000000aa", appDisplayName: "Grafana" } };

function problemsOf(document: unknown): string[] {
  return validateEnvironment(document).problems.map((p) => `${p.field}: ${p.problem}`);
}

describe("validateEnvironment: good files", () => {
  it("GIVEN only the Grafana instance THEN sensible defaults fill the rest", () => {
    expect(validateEnvironment(cloud)).toEqual({
      problems: [],
      config: {
        grafana: { kind: "cloud", stackSlug: "acme", stackId: 123456 },
        scim: { userSync: true, groupSync: true, rejectNonProvisionedUsers: false },
        serviceAccount: { name: "scim-provisioner", permissions: "custom-role", roleName: "custom:scim:provisioner" },
        token: { name: "scim", expiryWarningDays: 14 },
        backend: { kind: "local" },
      },
    });
  });

  it("accepts a fully specified self-hosted environment with SAML", () => {
    const result = validateEnvironment({
      $schema: "./environment.schema.json",
      description: "prod",
      ...selfHosted,
      scim: { userSync: true, groupSync: false, rejectNonProvisionedUsers: true },
      serviceAccount: { name: "scim", permissions: "fixed-roles" },
      token: { lifetimeDays: 90, expiryWarningDays: 10 },
      saml: { idpMetadataUrl: "https://idp.example.com/m.xml", signing: { certificatePath: "/c", privateKeyPath: "/k" } },
    });
    expect(result.problems).toEqual([]);
    expect(result.config?.saml).toEqual({ idpMetadataUrl: "https://idp.example.com/m.xml", signing: { certificatePath: "/c", privateKeyPath: "/k" } });
  });
});

describe("validateEnvironment: bad files name the field and say what is wrong", () => {
  it.each<[string, unknown, string[]]>([
    ["missing grafana", {}, ["grafana: is required (object)"]],
    ["wrong type", { grafana: { ...cloud.grafana, stackId: "123456" } }, ['grafana.stackId: expected number, got "123456"']],
    ["missing field", { grafana: { kind: "cloud", stackSlug: "acme" } }, ["grafana.stackId: is required (number)"]],
    ["unknown kind", { grafana: { kind: "on-prem" } }, ['grafana.kind: must be one of "cloud", "self-hosted" (got "on-prem")']],
    ["unknown field with the allowed ones", { ...cloud, tokens: {} }, ["tokens: unknown field; allowed here: $schema, description, grafana, scim, serviceAccount, token, saml, identityProvider, backend, adopt"]],
    ["unknown nested field", { grafana: { ...cloud.grafana, orgId: 1 } }, ["grafana.orgId: unknown field; allowed here: kind, stackSlug, stackId, url"]],
    ["malformed URL", { grafana: { kind: "self-hosted", url: "grafana.example.com" } }, [
      'grafana.url: must be an absolute URL starting with https:// (got "grafana.example.com"); did you mean "https://grafana.example.com"?',
    ]],
    ["http URL", { grafana: { kind: "self-hosted", url: "http://grafana.example.com" } }, [
      'grafana.url: must use https: identity providers only send SCIM requests over TLS (got "http://")',
    ]],
    ["slug as URL", { grafana: { ...cloud.grafana, stackSlug: "https://acme.grafana.net/" } }, [
      'grafana.stackSlug: expected the stack slug only (e.g. "acme"), not a URL or host name (got "https://acme.grafana.net/")',
    ]],
    ["non-numeric stack id", { grafana: { ...cloud.grafana, stackId: -1 } }, ["grafana.stackId: must be the numeric stack id, a positive integer such as 123456 (got -1)"]],
    ["no sync", { ...cloud, scim: { userSync: false, groupSync: false } }, ["scim: enable userSync or groupSync: SCIM with neither has nothing to do"]],
    ["rejecting non-provisioned users with user sync off", { ...cloud, scim: { userSync: false, rejectNonProvisionedUsers: true } }, [
      "scim.rejectNonProvisionedUsers: needs userSync: with user sync off SCIM provisions no user, so Grafana would refuse every sign-in but a Cloud portal user's. Turn userSync on, or leave rejectNonProvisionedUsers off",
    ]],
    ["bad enum", { ...cloud, serviceAccount: { permissions: "Admin" } }, ['serviceAccount.permissions: must be one of "custom-role", "fixed-roles" (got "Admin")']],
    ["rotation without an identity provider to hand the token to", { ...cloud, token: { rotationDays: 30 } }, [
      "token.rotationDays: rotates the token every 30 days, but the token is pasted by hand (no identityProvider is configured). A rotation deletes the old token right after creating the new one, and provisioning fails until someone pastes the new one. Use lifetimeDays with expiryWarningDays and replace the token deliberately",
    ]],
    ["token expiring before rotation", { ...cloud, ...entra, token: { lifetimeDays: 30, rotationDays: 45 } }, [
      "token.lifetimeDays: must be longer than rotationDays (45), or the token expires before it is rotated (got 30)",
    ]],
    ["fractional days", { ...cloud, ...entra, token: { rotationDays: 0.5 } }, ["token.rotationDays: must be a whole number of days (got 0.5)"]],
    ["SAML without metadata or identity provider", { ...selfHosted, saml: { signing: "variables" } }, ["saml.idpMetadataUrl: set idpMetadataUrl or idpMetadataPath, or configure an identityProvider (which provides the metadata URL)"]],
    ["SAML with two metadata sources", { ...selfHosted, saml: { signing: "variables", idpMetadataUrl: "https://idp.example.com/m", idpMetadataPath: "/etc/m.xml" } }, ["saml.idpMetadataUrl: set only one of idpMetadataUrl or idpMetadataPath"]],
    ["SAML without Grafana's signing key pair", { ...selfHosted, saml: { idpMetadataUrl: "https://idp.example.com/m" } }, [
      'saml.signing: is required: Grafana\'s SAML needs its SP certificate and private key (its SAML options list both as required). Set "variables" (TF_VAR_saml_certificate, TF_VAR_saml_private_key) or their paths on the Grafana server',
    ]],
    ["SAML metadata over http", { ...selfHosted, saml: { signing: "variables", idpMetadataUrl: "http://idp.example.com/m" } }, ['saml.idpMetadataUrl: must use https (got "http://")']],
    ["a template sequence in a name", { ...cloud, serviceAccount: { name: "scim-${var.env}" } }, [
      'serviceAccount.name: must not contain "${": Terraform would read it as a template (got "scim-${var.env}")',
    ]],
    ["a template directive in a role name", { ...cloud, serviceAccount: { roleName: "custom:%{if x}" } }, [
      'serviceAccount.roleName: must not contain "%{": Terraform would read it as a template (got "custom:%{if x}")',
    ]],
    ["a template sequence in an Entra app name", { ...cloud, identityProvider: { ...entra.identityProvider, appDisplayName: "Grafana ${local.x}" } }, [
      'identityProvider.appDisplayName: must not contain "${": Terraform would read it as a template (got "Grafana ${local.x}")',
    ]],
    ["a template sequence in an Entra group name", { ...cloud, identityProvider: { ...entra.identityProvider, groups: [{ displayName: "${x}%{y}" }] } }, [
      'identityProvider.groups[0].displayName: must not contain "${" or "%{": Terraform would read it as a template (got "${x}%{y}")',
    ]],
    ["a template sequence in the SAML metadata URL", { ...selfHosted, saml: { signing: "variables", idpMetadataUrl: "https://idp.example.com/m/${var.x}" } }, [
      'saml.idpMetadataUrl: must not contain "${": Terraform would read it as a template (got "https://idp.example.com/m/${var.x}")',
    ]],
    ["a role name with a reserved prefix", { ...cloud, serviceAccount: { roleName: "fixed:scim" } }, [
      'serviceAccount.roleName: "fixed:scim" uses the prefix "fixed:", which Grafana reserves for its own roles; use e.g. "custom:scim:provisioner"',
    ]],
    // Every URL and host field refuses Terraform templates and names that are not plain DNS names.
    ["a template in a self-hosted URL", { grafana: { kind: "self-hosted", url: "https://${var.x}.example.com" } }, [
      'grafana.url: must not contain "${": Terraform would read it as a template (got "https://${var.x}.example.com")',
    ]],
    ["a Cloud host with a trailing dot, as self-hosted", { grafana: { kind: "self-hosted", url: "https://acme.grafana.net." } }, [
      'grafana.url: the host "acme.grafana.net." ends with a dot: write it without the trailing dot ("acme.grafana.net")',
    ]],
    ["a template in a Cloud custom domain", { grafana: { ...cloud.grafana, url: "https://%{if true}g%{endif}.acme.com" } }, [
      'grafana.url: must not contain "%{": Terraform would read it as a template (got "https://%{if true}g%{endif}.acme.com")',
    ]],
    ["another stack's host as a Cloud URL", { grafana: { ...cloud.grafana, url: "https://other.grafana.net" } }, [
      'grafana.url: "other.grafana.net" is not the host of stack "acme" (acme.grafana.net); set url only for a custom domain',
    ]],
    ["a SAML metadata host with a trailing dot", { ...selfHosted, saml: { signing: "variables", idpMetadataUrl: "https://idp.example.com./m" } }, [
      'saml.idpMetadataUrl: the host "idp.example.com." ends with a dot: write it without the trailing dot ("idp.example.com")',
    ]],
    ["a template in the SAML entity id", { ...selfHosted, saml: { signing: "variables", idpMetadataUrl: "https://idp.example.com/m", entityId: "https://${var.h}/saml" } }, [
      'saml.entityId: must not contain "${": Terraform would read it as a template (got "https://${var.h}/saml")',
    ]],
    ["a self-hosted organization other than 1", { grafana: { ...selfHosted.grafana, orgId: 3 } }, [
      'grafana.orgId: organization 3 is not supported: Grafana\'s SCIM API for it lives in the namespace "org-3", but grafana provider 4.45.1\'s grafana_scim_config always configures the namespace "default" (organization 1) on self-hosted Grafana, so it would switch SCIM for the wrong organization. Only organization 1 can be set up with this package',
    ]],
    ["a SAML metadata path on Grafana Cloud", { ...cloud, saml: { signing: "variables", idpMetadataPath: "/etc/grafana/idp.xml" } }, [
      "saml.idpMetadataPath: is a path on the Grafana server, and Grafana Cloud has no server file system to put it on: use idpMetadataUrl",
    ]],
    ["SAML key paths on Grafana Cloud", { ...cloud, saml: { idpMetadataUrl: "https://idp.example.com/m", signing: { certificatePath: "/etc/g.crt", privateKeyPath: "/etc/g.key" } } }, [
      'saml.signing.certificatePath: is a path on the Grafana server, and Grafana Cloud has no server file system to put it on: use "variables"',
    ]],
    // Role sync needs an attribute to read roles from: the identity provider's groups claim, or one named here.
    ["role values without an identity provider or attribute", { ...selfHosted, saml: { signing: "variables", idpMetadataUrl: "https://idp.example.com/m", roleValues: { admin: ["admins"] } } }, [
      "saml.assertionAttributeRole: is needed with roleValues: set the SAML attribute Grafana reads roles from, or assertionAttributeGroups to use the identity provider's group claim",
    ]],
    // Without singleSignOn, groupClaims is not a small step: it comes with managed single sign-on, which takes over what was set up by hand.
    ["role values with Entra whose single sign-on is set up by hand", { ...cloud, ...entra, saml: { signing: "variables", roleValues: { admin: ["6d5f1a3c-0000-4000-8000-0000000000bb"] } } }, [
      "saml.assertionAttributeRole: is needed with roleValues: set the SAML attribute Grafana reads roles from, or assertionAttributeGroups to use the identity provider's group claim. " +
        "Entra ID sends a groups claim only when the app's group claims are set up. If they were set up by hand, set assertionAttributeGroups to the claim the app was set up to send. " +
        "identityProvider.singleSignOn.groupClaims can set them, but it comes with managed single sign-on: adding identityProvider.singleSignOn makes this package take over " +
        "the app's single sign-on set up by hand (a new signing certificate made the active one, the identifier URI, the reply URL; see docs/entra.md)",
    ]],
    [
      "role values with Entra's managed single sign-on, which sends groups only when its app is set up for it",
      { ...cloud, identityProvider: { ...entra.identityProvider, singleSignOn: {} }, saml: { signing: "variables", roleValues: { admin: ["6d5f1a3c-0000-4000-8000-0000000000bb"] } } },
      [
        "saml.assertionAttributeRole: is needed with roleValues: set the SAML attribute Grafana reads roles from, or assertionAttributeGroups to use the identity provider's group claim. " +
          "Entra ID sends a groups claim only when the app's group claims are set up: set identityProvider.singleSignOn.groupClaims to ApplicationGroup (the groups assigned to the app) or SecurityGroup, " +
          "and Grafana reads Entra's groups claim (group object ids) by default; or, for group claims set up by hand, set assertionAttributeGroups to the claim the app sends",
      ],
    ],
    ["an org mapping to organization 0", { ...selfHosted, saml: { signing: "variables", idpMetadataUrl: "https://idp.example.com/m", assertionAttributeOrg: "org", orgMapping: [{ value: "eng", orgId: 0 }] } }, [
      "saml.orgMapping[0].orgId: must be a Grafana organization id, a positive integer (got 0)",
    ]],
    ["not an object", [], ["(root): expected object, got an array"]],
  ])("%s", (_name, document, expected) => {
    expect(problemsOf(document)).toEqual(expected);
  });

  it.each<[string, string, string]>([
    ["a Grafana service account token", "glsa_AbCdEfGhIjKlMnOpQrStUvWxYz012345_1a2b3c4d", "Grafana service account token"],
    ["a Grafana Cloud token", "glc_eyJvIjoiMTIzNDU2IiwibiI6InN0YWNrIn0AAAAAAAAAA", "Grafana Cloud access policy token"],
    ["an Okta API token", "00AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCd", "Okta API token"],
    ["an Entra client secret", "Abc8Q~abcdefghijklmnopqrstuvwxyz0123456", "Entra ID client secret"],
    ["a private key", "-----BEGIN RSA PRIVATE KEY-----\nMIIE...", "private key"],
    ["a bearer token", "Bearer abcdefghijklmnopqrstuvwxyz", "bearer token"],
    ["a URL with credentials", "https://admin:hunter2@grafana.example.com", "URL with embedded credentials"],
  ])("rejects a secret-looking value: %s", (_name, secret, kind) => {
    const problems = problemsOf({ ...cloud, description: secret });
    expect(problems).toContain(
      `description: looks like a ${kind}. Environment files are committed and must not hold credentials: the providers read theirs from GRAFANA_AUTH, ARM_* and OKTA_* environment variables`,
    );
  });

  it("finds secrets even where the schema would reject the field anyway", () => {
    expect(problemsOf({ ...cloud, grafana: { ...cloud.grafana, auth: "glsa_AbCdEfGhIjKlMnOpQrStUvWxYz012345_1a2b3c4d" } })).toEqual([
      expect.stringMatching(/^grafana\.auth: looks like a Grafana service account token/),
      expect.stringMatching(/^grafana\.auth: unknown field/),
    ]);
  });
});

describe("loading files", () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "envs-"))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, content: unknown) =>
    fs.writeFileSync(path.join(dir, name), typeof content === "string" ? content : JSON.stringify(content));

  const local = { backend: { kind: "local" } };

  it("names each environment after its file, in order, and ignores the JSON Schema", () => {
    write("prod.json", { ...selfHosted, ...local });
    write("dev.json", { ...cloud, ...local });
    write("environment.schema.json", { type: "object" });
    write("notes.md", "not an environment");
    expect(loadEnvironments(dir).map((e) => e.name)).toEqual(["dev", "prod"]);
  });

  it("GIVEN several bad files THEN one error lists every problem of every file", () => {
    write("a.json", { grafana: { kind: "cloud", stackSlug: "acme" }, ...local });
    write("b.json", "{ not json");
    write("c.json", { ...cloud, ...local });
    let error: unknown;
    try {
      loadEnvironments(dir);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EnvironmentError);
    const message = (error as Error).message;
    expect(message).toContain(`${path.join(dir, "a.json")} is not a valid environment:\n  - grafana.stackId: is required (number)`);
    expect(message).toMatch(new RegExp(`${path.join(dir, "b.json").replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")} is not a valid environment:\n  - \\(file\\): is not valid JSON: `));
    expect(message).not.toContain("c.json");
  });

  it("GIVEN an environment without a backend section THEN it is refused outside example-*, with what to set; an example may omit it", () => {
    write("prod.json", cloud);
    write("example-dev.json", cloud);
    expect(() => loadEnvironment(path.join(dir, "prod.json"))).toThrow(
      /prod\.json is not a valid environment:\n {2}- backend: is required outside example-\* environments: say where the state lives \(\{"kind": "s3" \| "azurerm" \| "cloud", …\}; see docs\/delivery\.md#state-backends\)/,
    );
    expect(loadEnvironment(path.join(dir, "example-dev.json")).config.backend).toEqual({ kind: "local" });
    write("prod.json", { ...cloud, ...local }); // an explicit choice (a workstation-only environment); CI refuses it (ci-stacks)
    expect(loadEnvironment(path.join(dir, "prod.json")).config.backend).toEqual({ kind: "local" });
  });

  it("rejects a file name that cannot name a stack", () => {
    write("Prod_EU.json", cloud);
    expect(() => loadEnvironment(path.join(dir, "Prod_EU.json"))).toThrow(/\(file name\): "Prod_EU" cannot name a stack/);
  });

  it("rejects an empty folder", () => {
    expect(() => loadEnvironments(dir)).toThrow(/holds no environment files/);
  });
});
