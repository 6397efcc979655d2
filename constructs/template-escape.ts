/**
 * Terraform reads every string in a JSON configuration as a template: `${` starts an
 * interpolation and `%{` a directive. Literal text that may contain them (an Okta expression,
 * an Entra mapping expression) must be escaped as `$${` and `%%{` to reach the provider as written.
 */
import { Token } from "cdktf";

/** Escapes one string so Terraform's template engine yields it unchanged. */
export function escapeTemplate(text: string): string {
  // Replacer functions: in a replacement *string*, "$$" would mean a single "$".
  return text.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
}

/**
 * `text` as a Terraform JSON string that yields exactly `text`: literal text is escaped, a string
 * holding a cdktf token (a reference) passes unchanged. For display text (labels, names) that is
 * written as given. Pure.
 */
export function terraformLiteral(text: string): string {
  return Token.isUnresolved(text) ? text : escapeTemplate(text);
}

/** Escapes every string (not object keys) in a JSON-like value. */
export function escapeTemplatesDeep<T>(value: T): T {
  if (typeof value === "string") return escapeTemplate(value) as T;
  if (Array.isArray(value)) return value.map(escapeTemplatesDeep) as T;
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escapeTemplatesDeep(v)])) as T;
  }
  return value;
}

/**
 * Why `text` cannot go into the configuration as plain text, or undefined: `${` or `%{` would be
 * read by Terraform as an interpolation or a directive. For values from data files (names,
 * labels), where a template is never meant; values that are expressions are escaped instead.
 */
export function templateSequenceProblem(text: string): string | undefined {
  // A Terraform reference made in code (a cdktf token) is meant to be evaluated.
  if (Token.isUnresolved(text)) return undefined;
  const found = ["${", "%{"].filter((seq) => text.includes(seq));
  if (found.length === 0) return undefined;
  return `must not contain ${found.map((f) => `"${f}"`).join(" or ")}: Terraform would read it as a template (got "${text}")`;
}
