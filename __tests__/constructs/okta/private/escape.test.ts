import { Token } from "cdktf";
import { terraformLiteral } from "../../../../constructs/okta/private/escape";
import { applyConfig } from "../../../support/terraform";

// Okta expressions and literal texts that Terraform would otherwise read as templates.
const TEXTS = [
  "${user.userName}",
  "${user.email}",
  "${source.login}@example.com",
  'user.getInternalProperty("id")',
  "%{if x}y%{endif}",
  "$${already.escaped}",
  "%%{already.escaped}",
  "$$ and $ {spaced} and %{ and ${",
  "Grafana (prod) ${env}",
  "plain text",
  "",
];

describe("terraformLiteral", () => {
  it.each<[string, string]>([
    ["${user.userName}", "$${user.userName}"],
    ["%{x}", "%%{x}"],
    ["a ${b} %{c} ${d}", "a $${b} %%{c} $${d}"],
    ['user.getInternalProperty("id")', 'user.getInternalProperty("id")'],
    ["$ {x} % {y} $x", "$ {x} % {y} $x"],
  ])("GIVEN %j THEN it writes %j", (text, escaped) => {
    expect(terraformLiteral(text)).toBe(escaped);
  });

  it("GIVEN a string holding a cdktf token THEN it is left for cdktf to resolve", () => {
    const token = Token.asString({ ref: "x" });
    expect(terraformLiteral(token)).toBe(token);
  });

  it("GIVEN Okta expressions WHEN Terraform reads the written strings THEN it yields them unchanged (real Terraform CLI)", () => {
    const output = Object.fromEntries(TEXTS.map((text, i) => [`t${i}`, { value: terraformLiteral(text) }]));
    const result = applyConfig({ output });
    expect(result.ok).toBe(true);
    expect(TEXTS.map((_, i) => result.outputs[`t${i}`])).toEqual(TEXTS);
  });

  it("GIVEN an unescaped Okta expression THEN Terraform fails on it (why the escaping exists)", () => {
    const result = applyConfig({ output: { raw: { value: "${user.userName}" } } });
    expect(result.ok).toBe(false);
    expect(result.log).toContain("Reference to undeclared resource");
  });
});
