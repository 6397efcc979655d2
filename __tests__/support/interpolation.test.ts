/** Reading `${…}` interpolations (support/interpolation.ts). */
import { hasInterpolation, interpolationEnd, interpolations, isWholeInterpolation } from "./interpolation";

describe("interpolations", () => {
  it("finds each expression, counting nested braces and skipping braces in quoted strings and escaped $${", () => {
    expect(interpolations('a ${x.id} b $${literal} ${ {for k, v in m : k => "}"} } c ${f("\\"}")}')).toEqual(["x.id", ' {for k, v in m : k => "}"} ', 'f("\\"}")']);
    expect(interpolations("no expression")).toEqual([]);
    expect(interpolations("${unclosed")).toEqual(["unclosed"]);
  });

  it("interpolationEnd gives the closing brace, or -1", () => {
    expect(interpolationEnd("${a{b}c}d", 2)).toBe(7);
    expect(interpolationEnd('${"}"', 2)).toBe(-1);
  });

  it("isWholeInterpolation: one interpolation and nothing else", () => {
    expect(isWholeInterpolation("${var.x}")).toBe(true);
    expect(isWholeInterpolation('${formatdate("YYYY", "x}")}')).toBe(true);
    expect(isWholeInterpolation("${var.x} ")).toBe(false);
    expect(isWholeInterpolation("n ${var.x}")).toBe(false);
    expect(isWholeInterpolation("${a}${b}")).toBe(false);
  });

  it("hasInterpolation: a string with an interpolation, an escaped $${ alone is none", () => {
    expect(hasInterpolation("a ${x} b")).toBe(true);
    expect(hasInterpolation("${unclosed")).toBe(true);
    expect(hasInterpolation("$${literal}")).toBe(false);
    expect(hasInterpolation("plain")).toBe(false);
    expect(hasInterpolation(42)).toBe(false);
  });
});
