// A strategy module with no default factory: the sweep must say so, naming this file.
export const strategy = { interval: "1h" };
