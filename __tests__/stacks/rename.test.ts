/**
 * What `ci-stacks environment-changes` tells someone renaming an environment file: keep the old
 * state location and nothing is created twice, because resource addresses inside a stack do not
 * depend on the stack's (the environment's) name. Checked on every example.
 */
import { environment, exampleEnvironments, synthEnvironment } from "../support/environments";

/** Every resource, data source and import address of a stack, with its configuration. */
function addresses(name: string, document: unknown): Record<string, unknown> {
  const { json } = synthEnvironment(environment(name, document));
  const entries: Array<[string, unknown]> = [];
  for (const [kind, blocks] of [["", json.resource], ["data.", json.data]] as const) {
    for (const [type, byName] of Object.entries(blocks ?? {})) for (const [id, body] of Object.entries(byName)) entries.push([`${kind}${type}.${id}`, body]);
  }
  return Object.fromEntries(entries);
}

describe("renaming an environment", () => {
  it.each(exampleEnvironments().map((e) => [e.name, e] as const))("GIVEN %s under another name THEN every address and its configuration stay the same", (name, env) => {
    const document = JSON.parse(JSON.stringify(env.config)) as Record<string, unknown>;
    const before = addresses(name, document);
    const after = addresses(`${name}-renamed`, document);
    expect(Object.keys(before).length).toBeGreaterThan(3);
    expect(after).toEqual(before);
  });
});
