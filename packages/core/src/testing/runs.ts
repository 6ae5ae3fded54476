/** CI's floor: every property runs at least this many times. */
export const MIN_PROPERTY_RUNS = 1000;

/**
 * The run count for a property: what the test setup asks for, never below the floor. Where the
 * request comes from (an environment variable, a CLI flag) is the caller's business: the package
 * never reads the environment (the purity scan would flag `process`).
 */
export const propertyRuns = (requested?: number): number =>
  Math.max(MIN_PROPERTY_RUNS, requested !== undefined && Number.isFinite(requested) ? requested : 0);

/** The floor, for properties whose setup asks for nothing more. */
export const PROPERTY_RUNS = propertyRuns();
