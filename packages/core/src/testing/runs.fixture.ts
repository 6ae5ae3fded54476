/**
 * How often core's property tests run: at least 1,000 times (CI's floor); set TICKFOLD_PROPERTY_RUNS
 * to go higher locally. A test fixture, not a shipped source: the package never reads the
 * environment (the purity scan would flag `process`).
 */
export const PROPERTY_RUNS = Math.max(1000, Number(process.env["TICKFOLD_PROPERTY_RUNS"] ?? 0) || 0);
