/**
 * cdktf's token encodings in an environment file (environment-format/cdktf-tokens.ts): every
 * encoding cdktf itself makes is refused, as a value, inside text and as a key, with the field
 * named; plain values that merely look alike are accepted.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Lazy, Token } from "cdktf";
import { EnvironmentError, validateEnvironment } from "../../environment-format";
import { cdktfTokenProblem, isNumberTokenDouble } from "../../environment-format/cdktf-tokens";
import { documentValueProblems } from "../../environment-format/limits";
import { synthEnvironments } from "../../main";
import { ENVIRONMENTS_DIR } from "../support/environments";

/** Every encoding cdktf 0.21 makes of a token, made by cdktf. */
function cdktfEncodings(): { strings: Record<string, string>; numbers: Record<string, number>; keys: Record<string, string> } {
  const lazy = () => Lazy.anyValue({ produce: () => "x" });
  const number = Token.asNumber(lazy());
  const numberList = Token.asNumberList(lazy())[0]!;
  return {
    strings: {
      string: Token.asString(lazy()),
      list: Token.asList(lazy())[0]!,
      "string of a number token": Token.asString(number),
      "number token written out": String(number),
      "number-list token written out": String(numberList),
      "string map value": Object.values(Token.asStringMap(lazy()))[0]!,
      "any map value": Object.values(Token.asAnyMap(lazy()))[0] as string,
    },
    numbers: { number, "number list": numberList, "number map value": Object.values(Token.asNumberMap(lazy()))[0]! },
    keys: { "string map": Object.keys(Token.asStringMap(lazy()))[0]!, "number map": Object.keys(Token.asNumberMap(lazy()))[0]!, "any map": Object.keys(Token.asAnyMap(lazy()))[0]! },
  };
}

describe("cdktfTokenProblem", () => {
  const encodings = cdktfEncodings();

  it("GIVEN each encoding cdktf makes WHEN checked alone and inside text THEN it is refused, and cdktf itself sees a token in it", () => {
    for (const [what, value] of Object.entries({ ...encodings.strings, ...encodings.keys })) {
      expect({ what, problem: cdktfTokenProblem(value) }).toEqual({ what, problem: expect.stringMatching(/cdktf.*; an environment file holds plain values only/) });
      if (!/map value/.test(what)) {
        expect({ what, inText: cdktfTokenProblem(`Grafana ${value} label`) }).toEqual({ what, inText: expect.stringContaining("(a token)") });
      }
    }
    for (const [what, value] of Object.entries(encodings.numbers)) {
      expect({ what, problem: cdktfTokenProblem(value) }).toEqual({ what, problem: expect.stringMatching(/cdktf/) });
    }
    // The control: cdktf reads these as tokens (so the check is about what cdktf resolves).
    expect(Token.isUnresolved(encodings.strings.string)).toBe(true);
    expect(Token.isUnresolved(encodings.numbers.number)).toBe(true);
    expect(Token.isUnresolved([encodings.strings.list])).toBe(true);
    expect(Token.isUnresolved({ [encodings.keys["string map"]!]: "v" })).toBe(true);
  });

  it("GIVEN an index no token has (a hand-written encoding) THEN it is refused all the same", () => {
    expect(cdktfTokenProblem("${TfToken[TOKEN.22]}")).toMatch(/^contains "\$\{TfToken\[", the form cdktf gives/);
    expect(cdktfTokenProblem("#{TfToken[TOKEN.999999]}")).toMatch(/^contains "#\{TfToken\["/);
    expect(cdktfTokenProblem("&{TfToken[x]}")).toMatch(/^contains "&\{TfToken\["/);
    expect(cdktfTokenProblem(-1.8881545897087626e289)).toMatch(/a number in the form cdktf gives/);
    expect(cdktfTokenProblem("x -8.109562212591388e+298 y")).toMatch(/contains a number in the form cdktf gives/);
    expect(isNumberTokenDouble(-8.3711609936427125e298)).toBe(true);
  });

  it("GIVEN plain values that look alike THEN they are accepted", () => {
    for (const value of ["${var.x}", "TfToken[1]", "{TfToken[", "$ {TfToken[1]}", "String Map Token", "1e5", "-1.5e+10 things", "6.02e23", "Grafana"]) {
      expect({ value, problem: cdktfTokenProblem(value) }).toEqual({ value, problem: undefined });
    }
    for (const value of [0, -1, 1e300, -1e300, -8e298, Number.MAX_VALUE, -123456788, 2147483647]) {
      expect({ value, problem: cdktfTokenProblem(value) }).toEqual({ value, problem: undefined });
    }
  });
});

describe("an environment file with a token encoding", () => {
  const okta = JSON.parse(fs.readFileSync(path.join(ENVIRONMENTS_DIR, "example-okta.json"), "utf8")) as Record<string, any>;

  it("GIVEN an encoding in a value, a number and a key THEN each is refused at its field", () => {
    const document = structuredClone(okta);
    document.identityProvider.options.appLabel = "${TfToken[TOKEN.22]}";
    document.token.lifetimeDays = -8.109562212591388e298;
    document.description = `see #{TfToken[TOKEN.1]}`;
    document.identityProvider.options["&{TfToken[TOKEN.5]}"] = "String Map Token Value";
    const result = validateEnvironment(document);
    expect(result.config).toBeUndefined();
    const tokenProblems = result.problems.filter((p) => /cdktf/.test(p.problem));
    expect([...new Set(tokenProblems.map((p) => p.field))].sort()).toEqual([
      "description",
      "identityProvider.options.&{TfToken[TOKEN.5]}",
      "identityProvider.options.appLabel",
      "token.lifetimeDays",
    ]);
    // The key, and the map value cdktf pairs with it, each at the key's path.
    expect(tokenProblems.filter((p) => p.field === "identityProvider.options.&{TfToken[TOKEN.5]}").map((p) => p.problem)).toEqual([
      expect.stringMatching(/^\(the field name\) contains "&\{TfToken\["/),
      expect.stringMatching(/^is "String Map Token Value", cdktf's stand-in/),
    ]);
    expect(documentValueProblems({ a: ["String Map Token Value"] })).toEqual([{ path: ["a", 0], problem: expect.stringMatching(/stand-in for a value of a map/) }]);
  });

  it("GIVEN example-okta with appLabel \"${TfToken[TOKEN.22]}\" or an unknown number token WHEN synthesized THEN it is refused with the field named and nothing is written (before: the SCIM token became the label, or a stack trace)", () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "cdktf-tokens-"));
    try {
      for (const label of ["${TfToken[TOKEN.22]}", "-8.109562212591388e+298", "String Map Token Value", "a #{TfToken[TOKEN.3]}"]) {
        const environmentsDir = path.join(tmp, "environments");
        const outdir = path.join(tmp, "cdktf.out");
        fs.mkdirSync(environmentsDir, { recursive: true });
        const document = structuredClone(okta);
        document.identityProvider.options.appLabel = label;
        fs.writeFileSync(path.join(environmentsDir, "example-okta.json"), JSON.stringify(document));
        let error: unknown;
        try {
          synthEnvironments({ environmentsDir, outdir });
        } catch (e) {
          error = e;
        }
        expect({ label, error: error instanceof EnvironmentError }).toEqual({ label, error: true });
        expect((error as Error).message).toMatch(/ {2}- identityProvider\.options\.appLabel: contains .*cdktf|  - identityProvider\.options\.appLabel: is "String Map Token Value", cdktf/);
        expect(fs.existsSync(outdir)).toBe(false);
        fs.rmSync(environmentsDir, { recursive: true });
      }
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
