/**
 * Which characters a name, label or other plain text may hold, wherever it comes from: an
 * environment file (whose format applies this to every value) or an app that passes props
 * straight to a construct. Pure.
 */
import { Token } from "cdktf";
import { templateSequenceProblem } from "./template-escape";

/**
 * C0 and C1 control characters (U+0000-U+001F, U+007F-U+009F): a name is one line of text; a
 * newline, escape or NUL in a name reaches Grafana, Entra or Okta as it is, and in a message it
 * could forge log lines or terminal output.
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * The bidirectional embedding, override and isolate controls (U+202A-U+202E, U+2066-U+2069): they
 * make text display in another order than it is stored ("Trojan Source", CVE-2021-42574), so a
 * name in a plan, in Grafana, Entra or Okta could read as something else than it is. Right-to-left
 * text needs none of them; the marks U+200E/U+200F stay allowed.
 */
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/;

/**
 * Half of a UTF-16 surrogate pair on its own: JSON lets a file write one (`"\ud800"`), but it is
 * no character, and Terraform's JSON reader replaces it with U+FFFD, so a name would reach
 * Grafana, Entra or Okta other than written.
 */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Why `text` holds a character no plain text may hold (a control character, a bidirectional
 * control, a lone surrogate), or `undefined`. A Terraform reference (a cdktf token) is not judged.
 */
export function textCharacterProblem(text: string): string | undefined {
  if (Token.isUnresolved(text)) return undefined;
  const control = CONTROL.exec(text);
  if (control) {
    const code = `U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
    return `contains a control character (${code} at position ${control.index + 1}): values are single-line text without control characters`;
  }
  const bidi = BIDI_CONTROL.exec(text);
  if (bidi) {
    const code = `U+${bidi[0].charCodeAt(0).toString(16).toUpperCase()}`;
    return `contains a bidirectional control character (${code} at position ${bidi.index + 1}), which makes text display in another order than it is written: write the text without it`;
  }
  const surrogate = LONE_SURROGATE.exec(text);
  if (surrogate) {
    const code = `U+${surrogate[0].charCodeAt(0).toString(16).toUpperCase()}`;
    return `contains half of a UTF-16 surrogate pair (${code} at position ${surrogate.index + 1}), which is no character: Terraform would write U+FFFD instead`;
  }
  return undefined;
}

/**
 * Why `text`, a name or label an app passes as a literal, cannot be written as it is: empty (after
 * trimming), a character no plain text may hold ({@link textCharacterProblem}), or a template
 * sequence Terraform would evaluate; `undefined` when it can. Pure.
 */
export function plainTextProblem(text: string): string | undefined {
  if (text.trim() === "") return "must not be empty";
  return textCharacterProblem(text) ?? templateSequenceProblem(text);
}
