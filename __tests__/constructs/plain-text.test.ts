import { Token } from "cdktf";
import { textCharacterProblem } from "../../constructs/plain-text";

describe("textCharacterProblem", () => {
  it.each(["Grafana Users", "Grafana ${var.x}", "مستخدمو غرافانا\u200f", "Graf\u00e4na 👩‍💻"])("accepts %j (templates are another rule's)", (text) => {
    expect(textCharacterProblem(text)).toBeUndefined();
  });

  it.each<[string, RegExp]>([
    ["a\nb", /^contains a control character \(U\+000A at position 2\)/],
    ["\u009b31m", /^contains a control character \(U\+009B at position 1\)/],
    ["abc\u202e", /^contains a bidirectional control character \(U\+202E at position 4\)/],
    ["\u2069", /^contains a bidirectional control character \(U\+2069 at position 1\)/],
    ["x\udc00", /^contains half of a UTF-16 surrogate pair \(U\+DC00 at position 2\)/],
  ])("refuses %j", (text, message) => expect(textCharacterProblem(text)).toMatch(message));

  it("leaves a Terraform reference to Terraform", () => {
    expect(textCharacterProblem(Token.asString({ ref: "x" }))).toBeUndefined();
  });
});
