export * from "./arbitraries.js";
export * from "./invariants.js";
