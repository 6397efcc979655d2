/**
 * Okta expressions use `${...}` themselves (a NameID template such as `${user.userName}`), which
 * Terraform would read as an interpolation. Literal text bound for Okta is therefore escaped
 * (`$${`, `%%{`, see `escapeTemplate`), and Terraform turns it back into what Okta must receive.
 * The rule is the library's (`terraformLiteral` in constructs/template-escape.ts).
 */
export { terraformLiteral } from "../../template-escape";
