/**
 * Compares two conformance streams line by line: same keys, same strings, numbers equal to a
 * relative 1e-9 (backtest-kit recomputes the entry as cost/(cost/price), which can move the last
 * bit). Rejection messages are compared only by presence (they are backtest-kit's wording).
 */
export const compareLines = (actual: unknown[], expected: unknown[]): string[] => {
  const problems: string[] = [];
  const length = Math.max(actual.length, expected.length);
  for (let i = 0; i < length; i++) {
    diff(actual[i], expected[i], `line ${i + 1}`, problems);
  }
  return problems;
};

const RELATIVE_TOLERANCE = 1e-9;

const diff = (actual: unknown, expected: unknown, path: string, problems: string[]): void => {
  if (typeof expected === "number" && typeof actual === "number") {
    const scale = Math.max(Math.abs(expected), Math.abs(actual), Number.MIN_VALUE);
    if (Math.abs(actual - expected) / scale > RELATIVE_TOLERANCE) problems.push(`${path}: ${actual} ≠ ${expected}`);
    return;
  }
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (path.endsWith(".errors")) {
      if (expected.length > 0 !== actual.length > 0) problems.push(`${path}: rejection reasons missing`);
      return;
    }
    if (actual.length !== expected.length) problems.push(`${path}: ${actual.length} items ≠ ${expected.length}`);
    expected.forEach((item, i) => diff(actual[i], item, `${path}[${i}]`, problems));
    return;
  }
  if (expected !== null && typeof expected === "object" && actual !== null && typeof actual === "object") {
    const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
    for (const key of keys) {
      diff((actual as Record<string, unknown>)[key], (expected as Record<string, unknown>)[key], `${path}.${key}`, problems);
    }
    return;
  }
  if (actual !== expected) problems.push(`${path}: ${JSON.stringify(actual)} ≠ ${JSON.stringify(expected)}`);
};
