import { tokenOptionProblems, tokenOutputProblem } from "../../../constructs/grafana/token-options";

describe("tokenOptionProblems", () => {
  it("lists every problem with its field", () => {
    expect(tokenOptionProblems({ lifetimeDays: 10, rotationDays: 20, expiryWarningDays: 12 }).map((p) => p.field)).toEqual([
      "lifetimeDays",
      "expiryWarningDays",
    ]);
    expect(tokenOptionProblems({ lifetimeDays: 90, rotationDays: 60 })).toEqual([]);
  });
});

describe("tokenOutputProblem", () => {
  it.each(["scim_token", "_t", "token-1", "jeton_é"])("accepts the Terraform identifier %s", (name) => expect(tokenOutputProblem(name)).toBeUndefined());
  it.each(["", " ", "1token", "scim token", "${var.x}", "a%{b}", "out.put"])("refuses %j", (name) => expect(tokenOutputProblem(name)).toMatch(/^must be a Terraform output name/));
});
