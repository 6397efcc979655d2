import { TerraformStack, Testing } from "cdktf";
import { GrafanaProvider } from "../../../../.gen/providers/grafana/provider";
import { ServiceAccount } from "../../../../.gen/providers/grafana/service-account";
import { TerraformData } from "../../../../constructs/private/terraform/data";
import { importInto } from "../../../../constructs/private/terraform/import";
import { requiredTerraformVersion } from "../../../../constructs/terraform-version";
import { childProcessesStartedBy } from "../../../support/no-terraform";
import { TerraformSession } from "../../../support/terraform";

type Importer = (resource: ServiceAccount | TerraformData, id: string) => void;
const ours: Importer = importInto;
const cdktfs: Importer = (resource, id) => resource.importFrom(id);

/** Three resources in construct order a, b, c; b and c imported, c first; one logical id overridden. */
function synthWith(importer: Importer): Record<string, unknown> {
  const stack = new TerraformStack(Testing.app(), "test");
  new GrafanaProvider(stack, "grafana", { url: "https://grafana.example.com" });
  const a = new ServiceAccount(stack, "a", { name: "a", role: "None" });
  const b = new ServiceAccount(stack, "b", { name: "b", role: "None" });
  const c = new TerraformData(stack, "c", { input: { v: 1 } });
  importer(c, "c-id");
  importer(b, "1:42");
  b.overrideLogicalId("renamed");
  void a;
  const json = JSON.parse(Testing.synth(stack)) as Record<string, unknown>;
  // Testing.synth drops cdktf's metadata ("//"); the stack's own rendering has it.
  return { ...json, "//": (stack.toTerraform() as { "//": unknown })["//"] };
}

describe("importInto: Terraform import blocks without cdktf's terraform version check", () => {
  it("GIVEN what importFrom is given THEN the stack is the same JSON: import list in construct order, addresses at synthesis, metadata", () => {
    const json = synthWith(ours);
    const theirs = synthWith(cdktfs);
    // The one difference: the floor import blocks need is the stack's required_version (both stacks hold a terraform_data, 1.4).
    expect([(json.terraform as { required_version: string }).required_version, (theirs.terraform as { required_version: string }).required_version]).toEqual([">= 1.5", ">= 1.4"]);
    (theirs.terraform as { required_version: string }).required_version = ">= 1.5";
    expect(JSON.stringify(json, null, 2)).toBe(JSON.stringify(theirs, null, 2));
    expect(json.import).toEqual([
      { id: "1:42", to: "grafana_service_account.renamed" },
      { id: "c-id", to: "terraform_data.c" },
    ]);
    expect((json["//"] as { metadata: { imports: unknown } }).metadata.imports).toEqual({ grafana_service_account: ["renamed"], terraform_data: ["c"] });
  });

  it("GIVEN a second import of the same resource THEN its id replaces the first, as with importFrom", () => {
    const imports = (importer: Importer) => {
      const stack = new TerraformStack(Testing.app(), "test");
      const d = new TerraformData(stack, "d");
      importer(d, "first");
      importer(d, "second");
      return (JSON.parse(Testing.synth(stack)) as { import: unknown }).import;
    };
    expect(imports(ours)).toEqual([{ id: "second", to: "terraform_data.d" }]);
    expect(imports(ours)).toEqual(imports(cdktfs));
  });

  it("declares Terraform 1.5 as the stack's floor and starts no subprocess (importFrom runs `terraform version` per block)", () => {
    const validated = (importer: Importer) =>
      childProcessesStartedBy(() => {
        const stack = new TerraformStack(Testing.app(), "test");
        new GrafanaProvider(stack, "grafana", { url: "https://grafana.example.com" });
        importer(new ServiceAccount(stack, "a", { name: "a", role: "None" }), "1");
        importer(new ServiceAccount(stack, "b", { name: "b", role: "None" }), "2");
        expect(requiredTerraformVersion(stack)).toBe(importer === ours ? "1.5" : undefined);
        stack.runAllValidations();
      });
    expect(validated(ours)).toBe(0);
    expect(validated(cdktfs)).toBe(2);
  });

  it("GIVEN the blocks on provider-free stand-ins THEN the Terraform CLI imports once, and a block whose resource is in state does nothing", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    importInto(new TerraformData(stack, "adopted", { input: { v: "1" } }), "existing-id");
    new TerraformData(stack, "created", { input: { v: "2" } });
    const session = new TerraformSession();
    try {
      session.write(JSON.parse(Testing.synth(stack)) as Record<string, unknown>);
      const plan = session.plan();
      expect(plan.ok).toBe(true);
      const summary = plan.log.split("\n").map((l) => (l.startsWith("{") ? (JSON.parse(l) as { type: string; changes?: Record<string, number>; change?: { resource: { addr: string }; importing?: { id: string } } }) : undefined));
      expect(summary.find((m) => m?.type === "change_summary")?.changes).toEqual(expect.objectContaining({ import: 1, add: 1 }));
      const importing = summary.filter((m) => m?.type === "planned_change" && m.change?.importing).map((m) => [m!.change!.resource.addr, m!.change!.importing!.id]);
      expect(importing).toEqual([["terraform_data.adopted", "existing-id"]]);
      expect(session.apply().ok).toBe(true);
      expect(session.stateList().sort()).toEqual(["terraform_data.adopted", "terraform_data.created"]);
      const again = session.plan();
      expect(again.ok).toBe(true);
      expect(again.log).toContain('"import":0');
      expect(again.changes.map((c) => c.actions)).toEqual([["no-op"], ["no-op"]]);
    } finally {
      session.close();
    }
  });
});
