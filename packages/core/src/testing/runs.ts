/** Property tests run at least 1,000 times in CI; set TICKFOLD_PROPERTY_RUNS to go higher locally. */
export const PROPERTY_RUNS = Math.max(1000, Number(globalThis.process?.env?.TICKFOLD_PROPERTY_RUNS ?? 0) || 0);
