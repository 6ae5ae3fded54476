/**
 * JSON that keeps every number: JSON.stringify writes NaN and ±Infinity as null and -0 as 0, and
 * the reducer's inputs hold all of them (`priceBefore` is NaN before any history, a live
 * `endDate` is Infinity). Such a number is written as `{"$number":"NaN"}` (or "Infinity",
 * "-Infinity", "-0") and read back as the number. The one implementation, used by the journal
 * (the browser page's recording is a journal too).
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

const replacer = (_key: string, item: unknown): unknown => {
  if (typeof item !== "number") return item;
  const tag = tagOf(item);
  return tag === null ? item : { [TAG]: tag };
};

const reviver = (_key: string, item: unknown): unknown => {
  if (typeof item !== "object" || item === null || Array.isArray(item)) return item;
  const keys = Object.keys(item);
  if (keys.length !== 1 || keys[0] !== TAG) return item;
  const tag = (item as Record<string, unknown>)[TAG];
  const number = typeof tag === "string" ? SPECIAL.get(tag) : undefined;
  if (number === undefined) throw new SyntaxError(`a tagged number must be one of ${[...SPECIAL.keys()].join(", ")}; got ${JSON.stringify(tag)}`);
  return number;
};

export const encodeTaggedJson = (value: unknown): string => JSON.stringify(value, replacer);

/**
 * The value back. Text without a tag is read by the plain `JSON.parse` (a reviver costs more than
 * the parse itself, and most journal lines hold no special number).
 */
export const decodeTaggedJson = (text: string): unknown => (text.includes(`"${TAG}"`) ? JSON.parse(text, reviver) : JSON.parse(text));
