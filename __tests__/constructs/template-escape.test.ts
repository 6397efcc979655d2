import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import { escapeTemplate, escapeTemplatesDeep, templateSequenceProblem } from "../../constructs/template-escape";
import { applyConfig } from "../support/terraform";

describe("template escaping", () => {
  it.each([
    ["${user.userName}", "$${user.userName}"],
    ["%{if x}", "%%{if x}"],
    ['user.getInternalProperty("id")', 'user.getInternalProperty("id")'],
    ["a $ b { c } $${d}", "a $ b { c } $$${d}"],
  ])("escapes %j as %j", (text, escaped) => expect(escapeTemplate(text)).toBe(escaped));

  it("escapes strings at any depth, not keys", () => {
    expect(escapeTemplatesDeep({ "${k}": ["${v}", 1, null, { x: "%{y}" }] })).toEqual({ "${k}": ["$${v}", 1, null, { x: "%%{y}" }] });
  });

  it("yields the original text when Terraform evaluates the escaped value", () => {
    const texts = ["${user.userName}", "%{ for x in y }", "plain", "$${already}", "${a}-%{b}"];
    const result = applyConfig({ output: Object.fromEntries(texts.map((t, i) => [`t${i}`, { value: escapeTemplate(t) }])) });
    expect(result.ok).toBe(true);
    expect(texts.map((_, i) => result.outputs[`t${i}`])).toEqual(texts);
  });
});

describe("templateSequenceProblem", () => {
  it.each<[string, string | undefined]>([
    ["scim-provisioner", undefined],
    ["a $ b { c } % d", undefined],
    ["x${y}", 'must not contain "${": Terraform would read it as a template (got "x${y}")'],
    ["%{if}", 'must not contain "%{": Terraform would read it as a template (got "%{if}")'],
    ["$${escaped}", 'must not contain "${": Terraform would read it as a template (got "$${escaped}")'],
  ])("%j -> %j", (text, problem) => expect(templateSequenceProblem(text)).toBe(problem));
});

describe("templateSequenceProblem and references made in code", () => {
  it("GIVEN a cdktf token (a reference made in code) THEN no problem; the same text written as a literal is still refused", () => {
    const stack = new TerraformStack(Testing.app(), "t");
    const reference = new TerraformVariable(stack, "x", { type: "string" }).stringValue;
    expect(templateSequenceProblem(reference)).toBeUndefined();
    expect(templateSequenceProblem("${var.x}")).toMatch(/^must not contain "\$\{"/);
  });
});
