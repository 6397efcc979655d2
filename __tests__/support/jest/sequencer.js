/**
 * Test order for a few workers: the suites that take longest start first, so that no worker is
 * left with a long suite at the end while the others idle. Jest's own order does this from the
 * durations of the previous run, which a clean clone (CI) does not have; it then falls back to file
 * size, which put the longest suite (the package test) near the end. So the suites below, the
 * longest by CPU time measured (in band, docs/performance.md), go first in this order; the rest keep
 * Jest's order (durations of the previous run when cached, else file size). The order changes how
 * soon the run ends, never what runs.
 */
const Sequencer = require("@jest/test-sequencer").default;

/** Paths relative to __tests__/, longest first. */
const LONGEST = [
  "package/consumer.test.ts",
  "scripts/ci/terraform-apply.test.ts",
  "verify/verify-identity-providers.test.ts",
  "scripts/build-cli-bundle.test.ts",
  "verify/verify-grafana.test.ts",
  "hostile-input.test.ts",
  "invariants.test.ts",
  "scripts/ci/terraform-plan.test.ts",
  "secret-scan.test.ts",
  "stacks/identity-providers/entra.test.ts",
];

class LongestFirst extends Sequencer {
  sort(tests) {
    const rank = (test) => {
      const at = LONGEST.findIndex((suffix) => test.path.endsWith(`__tests__/${suffix}`));
      return at === -1 ? LONGEST.length : at;
    };
    const rest = super.sort(tests.filter((t) => rank(t) === LONGEST.length));
    return [...tests.filter((t) => rank(t) < LONGEST.length).sort((a, b) => rank(a) - rank(b)), ...rest];
  }
}

module.exports = LongestFirst;
module.exports.LONGEST = LONGEST;
