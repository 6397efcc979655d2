/**
 * Errors of the construct library. A construct names the prop that is wrong in the API its caller
 * used (`token.rotationDays`, `tenantId`), never a path of a configuration file it cannot know of.
 * A composite construct re-phrases the errors of its children in its own props
 * ({@link mapConfigurationErrors}), and a layer above the constructs (the environment-file stack)
 * maps the props to its own paths the same way.
 */

/**
 * A value this package refuses, naming the prop it came from and what is wrong with it.
 * Thrown before anything is synthesized.
 */
export class ConfigurationError extends Error {
  /**
   * @param field dotted path of the offending prop, relative to the props of the construct or
   *   function the caller called, e.g. `token.rotationDays`, `instance.stackId`, `groups[0].name`
   * @param problem what is wrong and, where it helps, what to write instead
   */
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${field}: ${problem}`);
    this.name = "ConfigurationError";
  }

  /** The same problem, reported at `field` (for a caller that knows the prop by another path). */
  at(field: string): ConfigurationError {
    return new ConfigurationError(field, this.problem);
  }
}

/** Throws a {@link ConfigurationError} for `field` when `problem` is defined. */
export function assertValid(field: string, problem: string | undefined): void {
  if (problem !== undefined) throw new ConfigurationError(field, problem);
}

/** Maps the field path of a {@link ConfigurationError} to another API's path. */
export type FieldMapper = (field: string) => string;

/**
 * Runs `build` and re-throws a {@link ConfigurationError} it throws with its field mapped by
 * `mapField`; any other error passes unchanged.
 */
export function mapConfigurationErrors<T>(mapField: FieldMapper, build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof ConfigurationError) throw error.at(mapField(error.field));
    throw error;
  }
}

/**
 * A {@link FieldMapper} from a table of path prefixes: the longest key that equals the field, or
 * is followed in it by `.` or `[`, is replaced by its value (`groups` → `identityProvider.groups`
 * maps `groups[2].name` to `identityProvider.groups[2].name`). A field no key matches goes to
 * `otherwise` (by default it is returned unchanged). Pure.
 */
export function prefixFieldMapper(table: Readonly<Record<string, string>>, otherwise: FieldMapper = (field) => field): FieldMapper {
  const keys = Object.keys(table).sort((a, b) => b.length - a.length);
  return (field) => {
    const key = keys.find((k) => field === k || field.startsWith(`${k}.`) || field.startsWith(`${k}[`));
    return key === undefined ? otherwise(field) : `${table[key]}${field.slice(key.length)}`;
  };
}

/** A {@link FieldMapper} that puts `prefix.` in front of every field (`prefix` empty: unchanged). */
export function prefixedFields(prefix: string): FieldMapper {
  return (field) => (prefix === "" ? field : field.startsWith("[") ? `${prefix}${field}` : `${prefix}.${field}`);
}
