import { tokenOptionProblems } from "../../../constructs/grafana/token-options";

describe("tokenOptionProblems", () => {
  it("lists every problem with its field", () => {
    expect(tokenOptionProblems({ lifetimeDays: 10, rotationDays: 20, expiryWarningDays: 12 }).map((p) => p.field)).toEqual([
      "lifetimeDays",
      "expiryWarningDays",
    ]);
    expect(tokenOptionProblems({ lifetimeDays: 90, rotationDays: 60 })).toEqual([]);
  });
});
