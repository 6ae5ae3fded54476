/**
 * JSON that keeps every number: JSON.stringify writes NaN, ±Infinity as null and -0 as 0, and a
 * recording holds all of them (`priceBefore` is NaN before any history, `endDate` may be
 * Infinity). Such a number is written as `{"$number":"NaN"}` and read back as the number.
 */
const TAG = "$number";
const SPECIAL = new Map<string, number>([
  ["NaN", Number.NaN],
  ["Infinity", Number.POSITIVE_INFINITY],
  ["-Infinity", Number.NEGATIVE_INFINITY],
  ["-0", -0],
]);

const tagOf = (value: number): string | null => {
  if (Number.isNaN(value)) return "NaN";
  if (value === Number.POSITIVE_INFINITY) return "Infinity";
  if (value === Number.NEGATIVE_INFINITY) return "-Infinity";
  return Object.is(value, -0) ? "-0" : null;
};

export const encodeTaggedJson = (value: unknown): string =>
  JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item !== "number") return item;
    const tag = tagOf(item);
    return tag === null ? item : { [TAG]: tag };
  });

export const decodeTaggedJson = (text: string): unknown =>
  JSON.parse(text, (_key, item: unknown) => {
    if (typeof item !== "object" || item === null || Array.isArray(item)) return item;
    const keys = Object.keys(item);
    if (keys.length !== 1 || keys[0] !== TAG) return item;
    const tag = (item as Record<string, unknown>)[TAG];
    const number = typeof tag === "string" ? SPECIAL.get(tag) : undefined;
    if (number === undefined) throw new Error(`A tagged number must be one of ${[...SPECIAL.keys()].join(", ")}; got ${JSON.stringify(tag)}`);
    return number;
  });
