/**
 * cdktf's encodings of tokens, which no value of an environment file may hold.
 *
 * A token is cdktf's placeholder for a value known only later (a reference to another resource's
 * attribute, a variable): code that makes one gets a string, number, list or map that encodes it,
 * and cdktf replaces every encoding it finds at synthesis by what the token stands for. The
 * library's validators leave such values to Terraform (`Token.isUnresolved`), and the wiring hands
 * environment values to the constructs as they are. So a file holding a token's encoding, e.g. an
 * Okta label `"${TfToken[TOKEN.22]}"`, would be synthesized as another construct's value (the SCIM
 * token, into a non-sensitive label), or, for an index no token has, end synthesis with cdktf's
 * stack trace. An environment file is plain JSON written by a person: it can never hold a real
 * token, so any encoding in it, in a value or a key, is refused.
 *
 * The encodings, from cdktf 0.21.0 (`lib/tokens/private/encoding.js`, `lib/tokens/token.js`,
 * `lib/tokens/private/resolve.js`):
 * - strings: `${TfToken[<key>]}`, lists: `#{TfToken[<key>]}` (one string element), maps: a key
 *   `&{TfToken[<key>]}`; cdktf finds them anywhere inside a string;
 * - numbers: doubles whose top 16 bits are `0xfdff` (a number) or `0xfbff` (a number list), with the
 *   token's index in the rest; in a string, cdktf also replaces such a number written out
 *   (`-8.10956221259138e+298`), wherever its number pattern matches;
 * - the values of an encoded map, which cdktf refuses to resolve alone: the strings
 *   `String Map Token Value` and `Any Map Token Value`, and the number `-123456789`.
 * `__tests__/environment-format/cdktf-tokens.test.ts` checks each against cdktf's own encodings.
 * Pure.
 */

/** The beginnings of cdktf's string, list and map token markers (`${TfToken[`, `#{TfToken[`, `&{TfToken[`). */
const TOKEN_MARKER = /[$#&]\{TfToken\[/;
/** The top 16 bits of a number token's double and of a number-list token's. */
const NUMBER_TOKEN_TAGS: readonly number[] = [0xfdff, 0xfbff];
/** The values cdktf stands for an encoded map's values (`Token.STRING_MAP_TOKEN_VALUE`, `ANY_MAP_TOKEN_VALUE`, `NUMBER_MAP_TOKEN_VALUE`). */
const MAP_TOKEN_VALUES: ReadonlyArray<string | number> = ["String Map Token Value", "Any Map Token Value", -123456789];
/** cdktf's pattern of a number written out in a string (`NUMBER_TOKEN_REGEX`), as it is. */
const NUMBER_IN_STRING = /[-|\d|.\+]+(e[-|\d|.|e|E|\+]+)/g;

/** Whether `n` is a double in which cdktf encodes a number or number-list token. */
export function isNumberTokenDouble(n: number): boolean {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, n);
  return NUMBER_TOKEN_TAGS.includes(view.getUint16(0));
}

const WHAT = "the form cdktf gives a value made in code, which synthesis would replace by another resource's value";

/**
 * Why `value` (a string or number of an environment file, or a key) cannot be used because it
 * holds one of cdktf's token encodings, or `undefined`. The message does not quote the value.
 */
export function cdktfTokenProblem(value: string | number): string | undefined {
  const plain = "an environment file holds plain values only: write the value itself";
  if (MAP_TOKEN_VALUES.includes(value)) return `is ${JSON.stringify(value)}, cdktf's stand-in for a value of a map made in code; ${plain}`;
  if (typeof value === "number") return isNumberTokenDouble(value) ? `is a number in ${WHAT} (a token); ${plain}` : undefined;
  const marker = TOKEN_MARKER.exec(value);
  if (marker) return `contains "${marker[0]}", ${WHAT} (a token); ${plain}`;
  for (const match of value.matchAll(NUMBER_IN_STRING)) {
    if (isNumberTokenDouble(parseFloat(match[0]))) return `contains a number in ${WHAT} (a token); ${plain}`;
  }
  return undefined;
}
