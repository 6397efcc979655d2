/**
 * The fields an environment file may have at a place in the file, read from its JSON Schema (the
 * one `npm run schema` writes for editors), for "unknown field; allowed here: …" messages. Pure:
 * it walks plain JSON, not the validator's internals.
 */

/** The parts of a JSON Schema (draft 2020-12, as zod writes it) this walk reads. */
interface JsonSchema {
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly items?: JsonSchema;
  readonly oneOf?: readonly JsonSchema[];
  readonly anyOf?: readonly JsonSchema[];
  readonly const?: unknown;
}

/**
 * The property names `schema` allows at `path` of `document`, in the schema's order; `[]` where
 * the schema does not say (no object there, or a union whose branch cannot be told from the
 * document). A union of objects is resolved by the property every branch fixes with `const`
 * (`kind`), as the document has it; a union with a single object branch, to that branch.
 */
export function allowedKeys(schema: unknown, path: readonly PropertyKey[], document: unknown): string[] {
  let node = branch(schema as JsonSchema, document);
  let value: unknown = document;
  for (const key of path) {
    if (node === undefined) return [];
    value = (value as Record<PropertyKey, unknown> | null | undefined)?.[key];
    node = branch(typeof key === "number" ? node.items : node.properties?.[String(key)], value);
  }
  return node?.properties ? Object.keys(node.properties) : [];
}

/** The branch of a union `schema` that describes `value`, or `schema` itself when it is no union. */
function branch(schema: JsonSchema | undefined, value: unknown): JsonSchema | undefined {
  const options = schema?.oneOf ?? schema?.anyOf;
  if (schema === undefined || options === undefined) return schema;
  const objects = options.filter((o) => o.properties !== undefined);
  const discriminator = Object.keys(objects[0]?.properties ?? {}).find((key) => objects.every((o) => o.properties?.[key]?.const !== undefined));
  if (discriminator !== undefined) {
    const kind = (value as Record<string, unknown> | null | undefined)?.[discriminator];
    return branch(objects.find((o) => o.properties![discriminator]!.const === kind), value);
  }
  return objects.length === 1 ? branch(objects[0], value) : undefined;
}
