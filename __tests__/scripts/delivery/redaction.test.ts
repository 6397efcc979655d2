/**
 * Redaction on real plans whose text leaks what the JSON plan marks sensitive: the fixtures
 * `mixed` and `sensitive-shapes` (a sensitive value of each shape, leaked through
 * terraform_data.output) and `failed-validation` (Terraform prints sensitive variables in a
 * failed plan's errors).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import {
  base64Cores,
  decodedBase64,
  environmentSecrets,
  redact,
  REDACTED,
  Redactor,
  secretForms,
  sensitiveValues,
  type ConfigurationFile,
} from "../../../scripts/delivery/redaction";
import { CANARIES, LEAKY_TOKEN, PLAN_FIXTURES, planJson, planText, scenarioEnv } from "../../support/plans";

const SHAPES = scenarioEnv("sensitive-shapes");

describe("redaction", () => {
  it("GIVEN the mixed plan THEN the sensitive values are collected from the JSON marks and the sensitive variable", () => {
    const values = sensitiveValues(planJson("mixed"));
    expect(values).toEqual(expect.arrayContaining(CANARIES));
    expect(values).not.toContain("v1");
    expect(values).not.toContain("new");
    expect(values).not.toContain(LEAKY_TOKEN); // not marked sensitive: the pattern scrubber catches it
  });

  it("GIVEN Terraform's own text plan THEN it leaks a sensitive value and a token (why redaction is needed) AND redact removes both", () => {
    const text = planText("mixed");
    expect(text).toContain("(sensitive value)");
    expect(text).toContain(CANARIES[0]); // terraform_data.output copies the sensitive input unmarked
    expect(text).toContain(LEAKY_TOKEN);
    const clean = redact(text, sensitiveValues(planJson("mixed")));
    for (const secret of [...CANARIES, LEAKY_TOKEN]) expect(clean).not.toContain(secret);
    expect(clean).toContain(`~ output = "${REDACTED}" -> (known after apply)`);
    expect(clean).toContain(`+ input  = "${REDACTED}"`);
    expect(clean).toContain("# terraform_data.leaky will be created");
  });

  it.each<[string, string]>([
    ["Grafana service account token", "glsa_AbCdEfGhIjKlMnOpQrStUvWxYz012345_1a2b3c4d"],
    ["Grafana Cloud token", "glc_eyJvIjoiMTIzNDU2IiwibiI6InN0YWNrIn0AAAAAAAAAA"],
    ["Okta API token", "00AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCd"],
    ["Entra client secret", "Abc8Q~abcdefghijklmnopqrstuvwxyz0123456"],
    ["JWT", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abcdefghijklmnop"],
    ["bearer token", "Bearer abcdefghijklmnopqrstuvwxyz"],
  ])("GIVEN a credential (%s) inside a plan line THEN it is scrubbed and the line stays", (_kind, secret) => {
    expect(redact(`      + value = "${secret}"\n`)).toBe(`      + value = "${REDACTED}"\n`);
  });

  it("GIVEN credentials in a URL or a whole PEM key THEN they are scrubbed", () => {
    expect(redact('url = "https://admin:hunter2@grafana.example.com/x"')).toBe(`url = "${REDACTED}grafana.example.com/x"`);
    const pem = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----";
    expect(redact(`key = <<EOT\n${pem}\nEOT`)).toBe(`key = <<EOT\n${REDACTED}\nEOT`);
  });

  it("GIVEN ordinary plan text THEN nothing is changed", () => {
    for (const name of ["create", "update", "replace", "destroy", "no-changes"] as const) {
      expect(redact(planText(name), sensitiveValues(planJson(name)))).toBe(planText(name));
    }
  });
});

describe("every shape of sensitive value, from a real plan", () => {
  const text = planText("sensitive-shapes");
  const plan = planJson("sensitive-shapes");
  const clean = redact(text, sensitiveValues(plan));
  const base64Secret = SHAPES.TF_VAR_base64_secret!;
  const decoded = Buffer.from(base64Secret, "base64").toString("utf8");
  const encoded = Buffer.from(SHAPES.TF_VAR_encoded_source!, "utf8").toString("base64");

  it("GIVEN Terraform's text plan THEN it shows each value in clear, in its own rendering (why each gap needed closing)", () => {
    expect(text).toContain("MultiLineSecretLineOne0123"); // heredoc, one line at a time
    expect(text).toContain("            x9Q\n"); // a short line of a heredoc
    expect(text).toContain('"pa\\"ss\\\\word-with-quote"'); // escaped quote and backslash
    expect(text).toContain("~ output           = 918273 -> (known after apply)"); // a bare number
    expect(text).toContain('~ output           = "k9Z" -> (known after apply)'); // shorter than 6
    expect(text).toContain("- sensitive-map-key-canary = \"value\""); // a map key
    expect(text).toContain(encoded); // base64 of a secret whose mark was dropped
    expect(text).toContain(decoded); // what a base64 secret decodes to
    expect(sensitiveValues(plan)).toEqual(expect.arrayContaining([SHAPES.TF_VAR_multi_line, SHAPES.TF_VAR_quoted, 918273, "k9Z", "sensitive-map-key-canary", base64Secret]));
  });

  it.each<[string, string]>([
    ["a multi-line value (heredoc)", "MultiLineSecretLineOne0123"],
    ["a short line of a multi-line value", "            x9Q\n"],
    ["a value with a quote and a backslash", "pa\\\"ss"],
    ["a number", "918273"],
    ["a short string", '"k9Z"'],
    ["a map key", "sensitive-map-key-canary"],
    ["the base64 of a secret", encoded],
    ["the decoded text of a base64 secret", decoded],
  ])("GIVEN %s THEN redact removes it", (_shape, leaked) => {
    expect(text).toContain(leaked);
    expect(clean).not.toContain(leaked);
  });

  it("THEN the plan keeps its structure: every resource header, the Plan line, the unchanged ids", () => {
    for (const name of ["decoded", "encoded", "map_key", "multi_line", "number", "quoted", "short"]) expect(clean).toContain(`# terraform_data.${name} must be replaced`);
    expect(clean).toContain("Plan: 7 to add, 0 to change, 7 to destroy.");
    expect(clean).toContain(`~ output           = ${REDACTED} -> (known after apply)`);
    expect(clean).toContain(`~ output           = "${REDACTED}" -> (known after apply)`);
    expect(clean).toContain(`- ${REDACTED} = "${REDACTED}"`); // "value" is part of the sensitive map too
    expect(clean.match(/~ id {15}= "[0-9a-f-]{36}" -> \(known after apply\)/g)).toHaveLength(7);
  });
});

describe("secrets a failed plan prints (no JSON plan to learn them from)", () => {
  const config = JSON.parse(fs.readFileSync(path.join(PLAN_FIXTURES, "sources", "failed-validation.after.tf.json"), "utf8")) as ConfigurationFile;
  const env = scenarioEnv("failed-validation");

  it("GIVEN a failed validation THEN Terraform printed both sensitive variables in clear, and the non-sensitive one is not collected", () => {
    expect(planText("failed-validation")).toContain(`var.saml_private_key is "${env.TF_VAR_saml_private_key}"`);
    expect(planText("failed-validation")).toContain('var.okta_token is "short"');
    expect(environmentSecrets(config, { ...env, TF_VAR_not_secret: "shown-as-is" }).sort()).toEqual([env.TF_VAR_okta_token, env.TF_VAR_saml_private_key].sort());
  });

  it("GIVEN the values from the environment THEN the errors are scrubbed and keep their explanation", () => {
    const clean = redact(planText("failed-validation"), environmentSecrets(config, env));
    expect(clean).not.toContain(env.TF_VAR_saml_private_key);
    expect(clean).toContain(`│ var.saml_private_key is "${REDACTED}"`);
    expect(clean).toContain(`│ var.okta_token is "${REDACTED}"`);
    expect(clean).toContain("An Okta API token starts with 00.");
  });

  it("GIVEN the credential variables of the workflows THEN their values are secrets whatever the configuration", () => {
    expect(
      environmentSecrets(undefined, { GRAFANA_AUTH: "glsa_x", OKTA_API_PRIVATE_KEY: "pk", TF_TOKEN_app_terraform_io: "tfe-token", ARM_CLIENT_ID: "not-a-secret", PATH: "/usr/bin" }).sort(),
    ).toEqual(["glsa_x", "pk", "tfe-token"]);
  });
});

describe("secretForms and the base64 helpers", () => {
  it("GIVEN a secret inside a longer text at any byte offset THEN one of its base64 cores is in the text's base64", () => {
    const secret = "hunter2-is-a-secret";
    for (const prefix of ["", "a", "ab", "abc", "user:"]) {
      const encoded = Buffer.from(`${prefix}${secret}-and-more`).toString("base64");
      expect(base64Cores(secret).some((core) => encoded.includes(core))).toBe(true);
      expect(redact(`Authorization: Basic ${encoded}`, [secret])).not.toContain(encoded);
    }
  });

  it("GIVEN base64 of text, of binary, or not base64 THEN only the text is decoded", () => {
    expect(decodedBase64(Buffer.from("plain text secret").toString("base64"))).toBe("plain text secret");
    expect(decodedBase64(Buffer.from([0, 1, 2, 255, 254, 3, 4, 5, 6]).toString("base64"))).toBeUndefined();
    expect(decodedBase64("not base64 at all!")).toBeUndefined();
  });

  it("GIVEN short values, numbers, booleans and blanks THEN short ones are standalone tokens and the rest is ignored", () => {
    expect(secretForms(["ab1", 42, "   ", ""])).toEqual({ literals: [], tokens: ["ab1"], numbers: ["42"] });
    expect(redact("ab1 xab1 ab1x 42 421 4.42 42.5 (42)", ["ab1", 42])).toBe(`${REDACTED} xab1 ab1x ${REDACTED} 421 4.42 42.5 (${REDACTED})`);
  });

  it("GIVEN a secret with template sequences THEN Terraform's escaped form ($${, %%{) is scrubbed too", () => {
    expect(redact('value = "a$${b}c-secret"', ["a${b}c-secret"])).toBe(`value = "${REDACTED}"`);
  });
});

describe("Redactor.line: output scrubbed as it streams", () => {
  it("GIVEN a private key printed over several lines THEN every line of it is dropped, and the lines after it are kept", () => {
    const redactor = new Redactor();
    const lines = ["before", "-----BEGIN RSA PRIVATE KEY-----", "MIIEowIBAAKCAQEA", "-----END RSA PRIVATE KEY-----", "after"].map((l) => redactor.line(l));
    expect(lines).toEqual(["before", REDACTED, REDACTED, REDACTED, "after"]);
  });

  it("GIVEN a multi-line secret THEN each of its lines is scrubbed on its own", () => {
    const redactor = new Redactor([SHAPES.TF_VAR_multi_line!]);
    expect(SHAPES.TF_VAR_multi_line!.split("\n").map((l) => redactor.line(`  ${l}`))).toEqual([`  ${REDACTED}`, `  ${REDACTED}`, `  ${REDACTED}`, `  ${REDACTED}`]);
  });
});
