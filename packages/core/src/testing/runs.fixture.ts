import { propertyRuns } from "./runs.js";

/**
 * How often core's own property tests run: at least 1,000 times (CI's floor); set
 * TICKFOLD_PROPERTY_RUNS to go higher locally. A test fixture, not a shipped source: it may read
 * the environment.
 */
export const PROPERTY_RUNS = propertyRuns(Number(process.env["TICKFOLD_PROPERTY_RUNS"]) || undefined);
