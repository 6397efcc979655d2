/** Redaction of plan text, on real plans whose text leaks what the JSON plan marks sensitive. */
import { redact, REDACTED, sensitiveValues } from "../../../scripts/delivery/redaction";
import { CANARIES, LEAKY_TOKEN, planJson, planText } from "../../support/plans";

describe("redaction", () => {
  it("GIVEN the mixed plan THEN the sensitive values are collected from the JSON marks and the sensitive variable", () => {
    const values = sensitiveValues(planJson("mixed"));
    expect(values).toEqual(expect.arrayContaining(CANARIES));
    expect(values).not.toContain("v1");
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
