/**
 * Reading Terraform's `${…}` interpolations in synthesized strings, for the checks of the tests
 * (conformance, invariants, rewritten stand-ins). `$${` is Terraform's escape for a literal `${`;
 * braces inside an expression's quoted strings are not counted.
 */

/** The index of the brace that closes the interpolation whose expression starts at `start` (just after its `${`), or -1 if none does. */
export function interpolationEnd(text: string, start: number): number {
  let depth = 1;
  let quoted = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === "\\") i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return i;
  }
  return -1;
}

/** The expressions of the interpolations in `text`, in order (an unclosed one runs to the end). */
export function interpolations(text: string): string[] {
  const found: string[] = [];
  for (let i = text.indexOf("${"); i !== -1; ) {
    if (text[i - 1] === "$") {
      i = text.indexOf("${", i + 2);
      continue;
    }
    const end = interpolationEnd(text, i + 2);
    found.push(text.slice(i + 2, end === -1 ? text.length : end));
    if (end === -1) break;
    i = text.indexOf("${", end + 1);
  }
  return found;
}

/** Whether `value` is a string holding an interpolation (`$${` alone is a literal). */
export function hasInterpolation(value: unknown): boolean {
  return typeof value === "string" && interpolations(value).length > 0;
}

/** Whether `text` is one interpolation and nothing else: its value is the expression's, of any type (literal text around it makes a string). */
export function isWholeInterpolation(text: string): boolean {
  return text.startsWith("${") && interpolationEnd(text, 2) === text.length - 1;
}
