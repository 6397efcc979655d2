/**
 * Okta expressions use `${...}` themselves (a NameID template such as `${user.userName}`), which
 * Terraform would read as an interpolation. Literal text bound for Okta is therefore escaped
 * (`$${`, `%%{`, see `escapeTemplate`), and Terraform turns it back into what Okta must receive.
 */
import { Token } from "cdktf";
import { escapeTemplate } from "../../template-escape";

/**
 * `text` as a Terraform JSON string that yields exactly `text`: literal text is escaped, a string
 * holding a cdktf token (a reference) passes unchanged. Pure.
 */
export function terraformLiteral(text: string): string {
  return Token.isUnresolved(text) ? text : escapeTemplate(text);
}
