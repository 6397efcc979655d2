import { TerraformOutput, Testing } from "cdktf";
import { Rotating } from "@cdktf/provider-time/lib/rotating";
import { ServiceAccountToken } from "../../../../.gen/providers/grafana/service-account-token";
import { ScimServiceAccount } from "../../../../constructs/grafana/private/scim-service-account";
import { ScimToken, type ScimTokenProps } from "../../../../constructs/grafana/private/scim-token";
import { tokenExpiryCondition, tokenExpiryMessage } from "../../../../constructs/grafana/private/token-expressions";
import { applyConfig, replaceReferences } from "../../../support/terraform";
import { Template } from "../../../support/template";

// Rotation needs a declared automatic delivery; the delivery rules have their own tests below.
const synth = (props: Omit<ScimTokenProps, "serviceAccount"> = {}) =>
  Template.synth((stack) => {
    const serviceAccount = new ScimServiceAccount(stack, "sa", { userSync: true, groupSync: true });
    new ScimToken(stack, "token", { ...(props.rotationDays === undefined ? {} : { delivery: "automatic" as const }), ...props, serviceAccount });
  });

describe("ScimToken", () => {
  it("GIVEN defaults THEN one never-expiring token, no rotation, no check", () => {
    const t = synth();
    expect(t.synthesized).toHaveResourceWithProperties(ServiceAccountToken, { name: "scim" });
    expect(t.resource("grafana_service_account_token").seconds_to_live).toBeUndefined();
    expect(t.synthesized).not.toHaveResource(Rotating);
    expect(t.json.check).toBeUndefined();
    expect(t.json.provider?.time).toBeUndefined();
  });

  it("GIVEN a lifetime THEN seconds_to_live is set and a check warns before expiry", () => {
    const t = synth({ lifetimeDays: 30, expiryWarningDays: 7 });
    expect(t.resource("grafana_service_account_token").seconds_to_live).toBe(30 * 86400);
    const [check] = Object.values(t.json.check ?? {});
    expect(check?.assert[0]?.condition).toBe(`\${${tokenExpiryCondition(t.address("grafana_service_account_token"), 7)}}`);
  });

  it("GIVEN rotation THEN the token name carries the rotation time and is replaced create-before-destroy", () => {
    const t = synth({ lifetimeDays: 90, rotationDays: 60 });
    expect(t.synthesized).toHaveResourceWithProperties(Rotating, { rotation_days: 60 });
    const token = t.resource("grafana_service_account_token");
    expect(token.name).toBe(`scim-\${${t.address("time_rotating")}.unix}`);
    expect(token.lifecycle).toEqual({ create_before_destroy: true });
    expect(t.json.provider?.time).toEqual([{}]);
  });

  it("adds no second time provider when the stack has one", () => {
    const t = Template.synth((stack) => {
      const serviceAccount = new ScimServiceAccount(stack, "sa", { userSync: true, groupSync: false });
      new ScimToken(stack, "a", { serviceAccount, rotationDays: 30, delivery: "automatic" });
      new ScimToken(stack, "b", { serviceAccount, name: "other", rotationDays: 30, delivery: "automatic" });
    });
    expect(t.json.provider?.time).toHaveLength(1);
  });

  it("exposes the key only as a reference to the sensitive attribute", () => {
    const synthesized = Testing.synthScope((stack) => {
      const serviceAccount = new ScimServiceAccount(stack, "sa", { userSync: true, groupSync: false });
      const token = new ScimToken(stack, "token", { serviceAccount });
      new TerraformOutput(stack, "key", { value: token.key, sensitive: true });
    });
    expect(JSON.parse(synthesized).output.key.value).toMatch(/^\$\{grafana_service_account_token\.[\w-]+\.key\}$/);
  });

  it.each<[string, Omit<ScimTokenProps, "serviceAccount">, RegExp]>([
    ["lifetime not longer than rotation", { lifetimeDays: 30, rotationDays: 30 }, /^lifetimeDays: must be longer than rotationDays \(30\)/],
    ["warning window not shorter than lifetime", { lifetimeDays: 10 }, /^expiryWarningDays: must be shorter than lifetimeDays \(10\) \(got 14\)/],
    ["fractional days", { rotationDays: 1.5 }, /^rotationDays: must be a positive whole number/],
    ["zero lifetime", { lifetimeDays: 0 }, /^lifetimeDays: must be a positive whole number/],
    ["empty name", { name: "" }, /^name: must not be empty/],
  ])("rejects %s, naming its own prop", (_name, props, message) => expect(() => synth(props)).toThrow(message));

  describe("delivery: a token pasted by hand never rotates", () => {
    const build = (props: Omit<ScimTokenProps, "serviceAccount">, then?: (token: ScimToken) => void) =>
      Template.synth((stack) => {
        const serviceAccount = new ScimServiceAccount(stack, "sa", { userSync: true, groupSync: false });
        const token = new ScimToken(stack, "token", { ...props, serviceAccount });
        then?.(token);
      });

    it("GIVEN rotation and delivery manual THEN the construct refuses, naming rotationDays and the delivery", () => {
      expect(() => build({ rotationDays: 30, delivery: "manual" })).toThrow(/^rotationDays: rotates the token every 30 days, but delivery is "manual", set by the delivery prop\. A rotation deletes/);
    });

    it("GIVEN rotation and no declared delivery THEN synthesis fails: nothing hands the token over", () => {
      expect(() => build({ rotationDays: 30 })).toThrow(/rotationDays \(30\) needs delivery "automatic", and nothing declared how this token reaches the identity provider/);
    });

    it("GIVEN rotation, declared automatic later THEN it synthesizes; declared manual later THEN refused", () => {
      expect(() => build({ rotationDays: 30 }, (t) => t.declareDelivery("automatic", "as a test declares"))).not.toThrow();
      expect(() => build({ rotationDays: 30 }, (t) => t.declareDelivery("manual", "as a test declares"))).toThrow(/^rotationDays: .*"manual", as a test declares\./);
    });

    it("GIVEN two declarations that disagree THEN refused, naming the delivery", () => {
      expect(() => build({ delivery: "automatic" }, (t) => t.declareDelivery("manual", "as Okta declares"))).toThrow(
        /^delivery: is "automatic", set by the delivery prop; it cannot also be "manual", as Okta declares/,
      );
    });

    it("tells the expiry warning what was declared", () => {
      const manual = build({ lifetimeDays: 30 }, (t) => t.declareDelivery("manual", "as a test declares"));
      expect(Object.values(manual.json.check ?? {})[0]!.assert[0]!.error_message).toContain("then paste the new token");
      const automatic = build({ lifetimeDays: 30 }, (t) => t.declareDelivery("automatic", "as a test declares"));
      expect(Object.values(automatic.json.check ?? {})[0]!.assert[0]!.error_message).toContain("receives the new token in the same apply");
    });
  });
});

describe("the emitted expressions, evaluated by the Terraform CLI", () => {
  const daysFromNow = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().replace(/\.\d{3}Z$/, ".000Z");

  // The check block and the rotated token name exactly as synthesized, with references to the
  // token and the rotation clock pointed at fixture values.
  function evaluate(fixture: { expiration: string; has_expired: boolean }) {
    const t = synth({ lifetimeDays: 90, rotationDays: 60, expiryWarningDays: 14 });
    const token = t.address("grafana_service_account_token");
    const rotation = t.address("time_rotating");
    const config = replaceReferences(
      {
        check: t.json.check,
        output: { token_name: { value: t.resource("grafana_service_account_token").name } },
      },
      { [token]: "token", [rotation]: "rotation" },
    );
    return applyConfig({ ...config, locals: { token: fixture, rotation: { unix: 1767225600 } } });
  }

  const expiryWarnings = (diagnostics: ReturnType<typeof applyConfig>["diagnostics"]) =>
    diagnostics.filter((d) => d.severity === "warning" && /SCIM token/.test(d.detail));

  it("names the rotated token <name>-<unix time of the rotation>", () => {
    const result = evaluate({ expiration: daysFromNow(80), has_expired: false });
    expect(result.ok).toBe(true);
    expect(result.outputs.token_name).toBe("scim-1767225600");
  });

  it.each<[string, { expiration: string; has_expired: boolean }, boolean]>([
    ["expires in 80 days", { expiration: daysFromNow(80), has_expired: false }, false],
    ["never expires", { expiration: "", has_expired: false }, false],
    ["expires in 3 days", { expiration: daysFromNow(3), has_expired: false }, true],
    ["has expired", { expiration: daysFromNow(-1), has_expired: true }, true],
    ["expiration in an unexpected format", { expiration: "2030-01-01 00:00:00 +0000 UTC", has_expired: false }, true],
  ])("token %s: warns=%s and never fails the run", (_name, fixture, warns) => {
    const result = evaluate(fixture);
    expect(result.ok).toBe(true);
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const warnings = expiryWarnings(result.diagnostics);
    expect(warnings).toHaveLength(warns ? 1 : 0);
    if (warns) expect(warnings[0]!.detail).toContain(`expires at ${fixture.expiration}`);
  });
});

describe("tokenExpiryMessage", () => {
  const address = "grafana_service_account_token.t";
  it.each<[string, number | undefined, "automatic" | "manual", RegExp, RegExp | undefined]>([
    ["automatic, no rotation", undefined, "automatic", /-replace=grafana_service_account_token\.t` in this stack's directory \(or set token\.rotationDays\); the identity provider receives/, undefined],
    ["automatic, rotation", 60, "automatic", /the token rotates every 60 days and the identity provider receives the new token in the same apply/, /-replace/],
    ["manual", undefined, "manual", /-replace=grafana_service_account_token\.t` in this stack's directory, then paste the new token \(terraform output -raw scim_token\)/, /rotationDays|receives the new token/],
  ])("%s: says what works and nothing that does not", (_name, rotationDays, delivery, says, neverSays) => {
    const message = tokenExpiryMessage(address, 14, rotationDays, delivery, "scim_token");
    expect(message).toMatch(says);
    if (neverSays) expect(message).not.toMatch(neverSays);
  });

  it("manual, no token output named: says to paste the new token, and names no output", () => {
    const message = tokenExpiryMessage(address, 14, undefined, "manual");
    expect(message).toMatch(/in this stack's directory, then paste the new token into the identity provider's SCIM settings\.$/);
    expect(message).not.toMatch(/terraform output/);
  });
});
