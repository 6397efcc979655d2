/**
 * The limits every environment file follows (environment-format/limits.ts) and the loader's safe
 * reading (load.ts): each rule alone, with a case it must refuse and one it must let through.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { EnvironmentError, loadEnvironment, validateEnvironment } from "../../environment-format";
import { documentValueProblems, jsonStructureProblems, MAX_DEPTH, MAX_FILE_BYTES, MAX_PROBLEMS_SHOWN, MAX_STRING_LENGTH, printable, stringProblem } from "../../environment-format/limits";
import { readEnvironmentText } from "../../environment-format/load";

const valid = { grafana: { kind: "self-hosted", url: "https://grafana.example.com" }, backend: { kind: "local" } };
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "limits-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const write = (name: string, content: string | Buffer) => {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, content);
  return file;
};
const messageOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(EnvironmentError);
    return (error as Error).message;
  }
  throw new Error("not refused");
};

describe("stringProblem", () => {
  it("refuses control characters and values over the length limit, and takes unicode and long legal text", () => {
    expect(stringProblem("scim\u0000x")).toBe("contains a control character (U+0000 at position 5): values are single-line text without control characters");
    expect(stringProblem("a\u009bb")).toMatch(/U\+009B at position 2/);
    expect(stringProblem("x".repeat(MAX_STRING_LENGTH + 1))).toBe(`is ${MAX_STRING_LENGTH + 1} characters long; a value in an environment file is at most ${MAX_STRING_LENGTH}`);
    expect(stringProblem("x".repeat(MAX_STRING_LENGTH))).toBeUndefined();
    expect(stringProblem("Grafana – 日本語 ✓ \u2028")).toBeUndefined();
  });
});

describe("stringProblem and lone surrogates", () => {
  // JSON allows "\ud800" written alone; Terraform's JSON reader turns it into U+FFFD, so the name
  // Grafana, Entra or Okta receive would not be the one in the file.
  it("refuses a UTF-16 surrogate that is not part of a pair, wherever it is, and takes a pair", () => {
    expect(stringProblem("scim-\ud800")).toBe(
      "contains half of a UTF-16 surrogate pair (U+D800 at position 6), which is no character: Terraform would write U+FFFD instead",
    );
    expect(stringProblem("\udc00scim")).toMatch(/U\+DC00 at position 1/);
    expect(stringProblem("a\udc00\ud800b")).toMatch(/U\+DC00 at position 2/);
    expect(stringProblem("scim \ud83d\ude00")).toBeUndefined();
    expect(documentValueProblems(JSON.parse('{"serviceAccount":{"name":"x\\ud800"}}'))).toEqual([
      { path: ["serviceAccount", "name"], problem: expect.stringMatching(/^contains half of a UTF-16 surrogate pair/) },
    ]);
  });
});

describe("stringProblem and bidirectional controls", () => {
  // Embedding, override and isolate controls reorder how text displays (Trojan Source): a group or
  // app name in a plan would read as something else than Grafana, Entra or Okta receive.
  it("refuses U+202A-U+202E and U+2066-U+2069 anywhere, and takes right-to-left text and the marks U+200E/U+200F", () => {
    expect(stringProblem("Grafana \u202eresU")).toBe(
      "contains a bidirectional control character (U+202E at position 9), which makes text display in another order than it is written: write the text without it",
    );
    for (const c of ["\u202a", "\u202b", "\u202c", "\u202d", "\u2066", "\u2067", "\u2068", "\u2069"]) expect(stringProblem(`a${c}b`)).toMatch(/^contains a bidirectional control character \(U\+20[26][0-9A-F] at position 2\)/);
    expect(stringProblem("\u05d2\u05e8\u05e4\u05e0\u05d4 Grafana \u200f\u200e")).toBeUndefined();
    expect(stringProblem("a\u2029b")).toBeUndefined();
    expect(documentValueProblems(JSON.parse('{"identityProvider":{"groups":[{"displayName":"Admins\\u2066x"}]}}'))).toEqual([
      { path: ["identityProvider", "groups", 0, "displayName"], problem: expect.stringMatching(/^contains a bidirectional control character \(U\+2066/) },
    ]);
  });
});

describe("printable", () => {
  it("escapes controls, line separators and bidirectional overrides, and nothing else", () => {
    expect(printable("a\nb\u001b[31m\u2028\u202e日本")).toBe("a\\u000ab\\u001b[31m\\u2028\\u202e日本");
  });
});

describe("documentValueProblems", () => {
  it("names the field of each bad value or key, and stops at the nesting limit with one problem", () => {
    expect(documentValueProblems({ a: { "b\tc": 1, d: ["ok", "x\ny"] } })).toEqual([
      { path: ["a", "b\tc"], problem: expect.stringMatching(/^\(the field name\) contains a control character \(U\+0009/) },
      { path: ["a", "d", 1], problem: expect.stringMatching(/U\+000A at position 2/) },
    ]);
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(documentValueProblems({ description: deep })).toEqual([{ path: ["description"], problem: expect.stringMatching(/^nests more than 16 levels/) }]);
    let ok: unknown = "leaf";
    for (let i = 0; i < MAX_DEPTH - 1; i++) ok = [ok];
    expect(documentValueProblems(ok)).toEqual([]);
  });
});

describe("jsonStructureProblems", () => {
  it("finds a key written twice, at its path, also in arrays and with escapes", () => {
    expect(jsonStructureProblems('{"a": {"x": 1, "\\u0078": 2}, "b": [{"y": 1}, {"y": 1, "y": 2}], "a": 3}')).toEqual([
      { path: ["a", "x"], problem: expect.stringMatching(/^is written twice in the same object/) },
      { path: ["b", 1, "y"], problem: expect.any(String) },
      { path: ["a"], problem: expect.any(String) },
    ]);
    expect(jsonStructureProblems('{"a": "{\\"a\\": 1, \\"a\\": 2}", "b": ["a", "a"]}')).toEqual([]);
  });

  it("stops at the nesting limit, without recursion", () => {
    expect(jsonStructureProblems(`{"d": ${"[".repeat(200_000)}${"]".repeat(200_000)}}`)).toEqual([{ path: ["d"], problem: expect.stringMatching(/^nests more than/) }]);
  });
});

describe("readEnvironmentText", () => {
  it("reads a regular UTF-8 file, without a byte order mark", () => {
    expect(readEnvironmentText(write("bom.json", "\uFEFF{}"))).toEqual({ text: "{}" });
  });

  it.each([
    ["a folder", () => fs.mkdirSync(path.join(tmp, "dir.json")) ?? path.join(tmp, "dir.json"), /^is a folder, not a regular file: it was not opened/],
    ["a symbolic link", () => (fs.symlinkSync("/dev/zero", path.join(tmp, "zero.json")), path.join(tmp, "zero.json")), /^is a symbolic link/],
    ["a named pipe", () => (spawnSync("mkfifo", [path.join(tmp, "pipe.json")]), path.join(tmp, "pipe.json")), /^is a named pipe, not a regular file: it was not opened/],
    ["missing", () => path.join(tmp, "missing.json"), /^cannot be read \(ENOENT\)/],
    ["too large", () => write("large.json", Buffer.alloc(MAX_FILE_BYTES + 1, 0x20)), new RegExp(`^is ${MAX_FILE_BYTES + 1} bytes; an environment file is at most ${MAX_FILE_BYTES} bytes`)],
    ["not UTF-8", () => write("latin1.json", Buffer.from('{"description": "Caf\u00e9"}', "latin1")), /^is not UTF-8 text/],
  ])("refuses %s without opening what is not a regular file", (_, make, problem) => {
    expect(readEnvironmentText(make())).toEqual({ problem: expect.stringMatching(problem) });
  });
});

describe("loadEnvironment", () => {
  it("names the line and column of a JSON syntax error without quoting the text", () => {
    expect(messageOf(() => loadEnvironment(write("syntax.json", '{\n  "grafana": {\n    "kind": "cloud",,\n  }\n}')))).toMatch(/- \(file\): is not valid JSON: .* at line 3, column 21$/);
  });

  it("refuses a key written twice, and lists at most the first problems with a count of the rest", () => {
    expect(messageOf(() => loadEnvironment(write("twice.json", `{"grafana": {"kind": "cloud"}, ${JSON.stringify(valid).slice(1)}`)))).toContain("  - grafana: is written twice in the same object");
    const many = { ...valid, ...Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, 1])) };
    const started = Date.now();
    const message = messageOf(() => loadEnvironment(write("many.json", JSON.stringify(many))));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(message.split("\n")).toHaveLength(MAX_PROBLEMS_SHOWN + 2);
    expect(message).toMatch(/\n {2}… and 9975 more problems in this file$/);
  });

  it("escapes a control character in a field name, so a line of the message cannot be forged", () => {
    const message = messageOf(() => loadEnvironment(write("forge.json", JSON.stringify({ ...valid, "x\n  - grafana.url: fine": 1 }))));
    expect(message.split("\n").filter((l) => l.startsWith("  - "))).toEqual([
      "  - x\\u000a  - grafana.url: fine: (the field name) contains a control character (U+000A at position 2): values are single-line text without control characters",
      expect.stringMatching(/^ {2}- x\\u000a {2}- grafana\.url: fine: unknown field/),
    ]);
  });
});

describe("validateEnvironment", () => {
  it("names prototype keys as unknown fields (not as removed ones)", () => {
    const problems = validateEnvironment(JSON.parse(`{"__proto__": 1, "constructor": 2, ${JSON.stringify(valid).slice(1)}`)).problems;
    expect(problems.map((p) => `${p.field}: ${p.problem.split(";")[0]}`)).toEqual(["__proto__: unknown field", "constructor: unknown field"]);
  });

  it("says what is wrong inside a union of shapes (saml.signing), or what the union takes", () => {
    const saml = (signing: unknown) => validateEnvironment({ ...valid, saml: { idpMetadataUrl: "https://idp.example.com/m", signing } }).problems;
    expect(saml({ certificatePath: 0, privateKeyPath: "/k" })).toEqual([{ field: "saml.signing.certificatePath", problem: "expected string, got 0" }]);
    expect(saml("vars")).toEqual([{ field: "saml.signing", problem: 'must be "variables" or an object (got "vars")' }]);
  });

  it("reports a credential-shaped value once, without another rule quoting pieces of it", () => {
    const pem = "-----BEGIN RSA PRIVATE KEY----- MIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM2Uv -----END RSA PRIVATE KEY-----";
    const problems = validateEnvironment({ ...valid, saml: { idpMetadataUrl: "https://idp.example.com/m", signing: "variables", assertionAttributeGroups: "groups", roleValues: { admin: [pem] } } }).problems;
    expect(problems).toEqual([{ field: "saml.roleValues.admin[0]", problem: expect.stringMatching(/^looks like a private key/) }]);
  });
});
