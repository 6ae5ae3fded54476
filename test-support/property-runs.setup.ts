import fc from "fast-check";

/**
 * The one run-count setting for every fast-check property in the workspace: at least 1,000 runs
 * (CI and local), more with TICKFOLD_PROPERTY_RUNS. It lives in test support, not in a package's
 * sources, so no shipped code reads the environment. Properties take it from here and never pass
 * `numRuns` themselves (a test scans for that).
 */
const requested = Number(process.env.TICKFOLD_PROPERTY_RUNS ?? 0) || 0;
fc.configureGlobal({ ...fc.readConfigureGlobal(), numRuns: Math.max(1000, requested) });
