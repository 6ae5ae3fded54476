/** Property tests run at least 1,000 times in CI; set TICKFOLD_PROPERTY_RUNS to go higher locally. */
const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
export const PROPERTY_RUNS = Math.max(1000, Number(env?.TICKFOLD_PROPERTY_RUNS ?? 0) || 0);
