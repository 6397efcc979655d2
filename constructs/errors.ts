/**
 * A value this package refuses, naming the field it came from and what is wrong with it.
 * Thrown before anything is synthesized.
 */
export class ConfigurationError extends Error {
  /**
   * @param field dotted path of the offending field, e.g. `grafana.stackId`
   * @param problem what is wrong and, where it helps, what to write instead
   */
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${field}: ${problem}`);
    this.name = "ConfigurationError";
  }
}

/** Throws a {@link ConfigurationError} for `field` when `problem` is defined. */
export function assertValid(field: string, problem: string | undefined): void {
  if (problem !== undefined) throw new ConfigurationError(field, problem);
}
