/** Rules between environment files (environment-format/conflicts.ts): one Grafana, one state location, per environment. */
import { environmentConflicts, grafanaIdentities } from "../../environment-format/conflicts";
import { environment } from "../support/environments";

const selfHosted = (name: string, url: string, backend: unknown = { kind: "local" }) => environment(name, { grafana: { kind: "self-hosted", url }, backend });
const cloud = (name: string, grafana: Record<string, unknown>, backend: unknown = { kind: "local" }) => environment(name, { grafana: { kind: "cloud", ...grafana }, backend });

describe("grafanaIdentities", () => {
  it("names a self-hosted Grafana by its normalized origin, a Cloud stack by id, slug host and custom domain", () => {
    expect(grafanaIdentities(selfHosted("a", "https://Grafana.Example.com:443/"))).toEqual(["https://grafana.example.com organization 1"]);
    expect(grafanaIdentities(cloud("b", { stackSlug: "acme", stackId: 7, url: "https://grafana.acme.example" }))).toEqual([
      "Grafana Cloud stack 7",
      "https://acme.grafana.net organization 1",
      "https://grafana.acme.example organization 1",
    ]);
  });
});

describe("environmentConflicts", () => {
  it("refuses two environments of one Grafana on both files, naming the other", () => {
    const problems = environmentConflicts([selfHosted("a", "https://grafana.example.com"), selfHosted("b", "https://GRAFANA.example.com/")]);
    expect(problems).toEqual([
      { file: "a.json", field: "grafana", problem: expect.stringMatching(/^is the same Grafana as in b\.json \(https:\/\/grafana\.example\.com organization 1\): its SCIM and SAML settings/) },
      { file: "b.json", field: "grafana", problem: expect.stringMatching(/^is the same Grafana as in a\.json /) },
    ]);
  });

  it("finds one Cloud stack under another slug, another id, or a custom domain that is another environment's URL", () => {
    const a = cloud("a", { stackSlug: "acme", stackId: 1 });
    expect(environmentConflicts([a, cloud("b", { stackSlug: "other", stackId: 1 })])).toHaveLength(2);
    expect(environmentConflicts([a, cloud("b", { stackSlug: "acme", stackId: 2 })])).toHaveLength(2);
    expect(environmentConflicts([selfHosted("a", "https://grafana.acme.example"), cloud("b", { stackSlug: "x", stackId: 3, url: "https://grafana.acme.example" })])).toHaveLength(2);
  });

  it("refuses two environments with one state location, and lets distinct ones through", () => {
    const s3 = { kind: "s3", bucket: "state", region: "eu-west-1", key: "one.tfstate" };
    const problems = environmentConflicts([selfHosted("a", "https://a.example.com", s3), selfHosted("b", "https://b.example.com", s3)]);
    expect(problems.map((p) => `${p.file} ${p.field}: ${p.problem.split("):")[0] + ")"}`)).toEqual([
      "a.json backend: keeps its state in the same place as b.json (s3://state/one.tfstate)",
      "b.json backend: keeps its state in the same place as a.json (s3://state/one.tfstate)",
    ]);
    const defaultKeys = { kind: "s3", bucket: "state", region: "eu-west-1" };
    expect(environmentConflicts([selfHosted("a", "https://a.example.com", defaultKeys), selfHosted("b", "https://b.example.com", defaultKeys), cloud("c", { stackSlug: "c", stackId: 9 })])).toEqual([]);
  });

  it("refuses two environments that adopt the same Entra app or Okta app, whatever their Grafana", () => {
    const tenantId = "72f988bf-0000-4000-8000-0000000000aa";
    const entra = (name: string, stackId: number, applicationObjectId: string, servicePrincipalObjectId: string) =>
      environment(name, {
        grafana: { kind: "cloud", stackSlug: name, stackId },
        backend: { kind: "local" },
        identityProvider: { kind: "entra", tenantId, appDisplayName: `Grafana ${name}`, groups: [{ displayName: "Grafana Users" }] },
        adopt: { entra: { applicationObjectId, servicePrincipalObjectId, synchronizationJobId: `gsa.11111111111111111111111111111111.${servicePrincipalObjectId}` } },
      });
    const app = "11111111-0000-4000-8000-000000000001";
    const sp = "11111111-0000-4000-8000-000000000002";
    expect(environmentConflicts([entra("a", 1, app, sp), entra("b", 2, app.toUpperCase(), sp)])).toEqual([
      { file: "a.json", field: "adopt", problem: expect.stringMatching(/^adopts the same resource as b\.json \(Entra application 11111111-0000-4000-8000-000000000001\): /) },
      { file: "b.json", field: "adopt", problem: expect.stringMatching(/^adopts the same resource as a\.json /) },
    ]);
    expect(environmentConflicts([entra("a", 1, app, sp), entra("b", 2, "11111111-0000-4000-8000-000000000009", sp)])).toHaveLength(2);
    expect(environmentConflicts([entra("a", 1, app, sp), entra("b", 2, "11111111-0000-4000-8000-000000000009", "11111111-0000-4000-8000-000000000008")])).toEqual([]);
    const okta = (name: string, stackId: number, orgName: string) =>
      environment(name, {
        grafana: { kind: "cloud", stackSlug: name, stackId },
        backend: { kind: "local" },
        identityProvider: { kind: "okta", orgName, groups: [{ name: "Grafana Users" }] },
        adopt: { okta: { appId: "0oa1a2b3c4d5e6f7g8h9" } },
      });
    expect(environmentConflicts([okta("a", 1, "acme"), okta("b", 2, "acme")]).map((p) => p.field)).toEqual(["adopt", "adopt"]);
    expect(environmentConflicts([okta("a", 1, "acme"), okta("b", 2, "other")])).toEqual([]);
  });
});
