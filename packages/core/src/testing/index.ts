export * from "./arbitraries.js";
export * from "./invariants.js";
export * from "./runs.js";
