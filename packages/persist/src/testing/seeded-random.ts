/**
 * mulberry32: a small seeded generator of 32-bit words, so the random choices of a simulated disk,
 * a torture or a bench repeat for a seed (printed by each, so a failure can be run again).
 */
export const seededWords = (seed: number): (() => number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
};

/** Uniform in [0, 1), from `seededWords`. */
export const seededRandom = (seed: number): (() => number) => {
  const next = seededWords(seed);
  return () => next() / 4294967296;
};
