import * as z from "zod/mini";
import * as E from "#fp-ts/Either";
import { zodIssues, type Issue } from "../model/config.js";
import { decodeError, type DecodeError } from "./decode-error.js";
import { safeParse } from "../model/parse.js";

/** Levels one signal has reached, in memory: Sets for O(1) membership. */
export interface MilestoneState {
  readonly profitLevels: ReadonlySet<number>;
  readonly lossLevels: ReadonlySet<number>;
}

export const EMPTY_MILESTONES: MilestoneState = Object.freeze({
  profitLevels: new Set<number>(),
  lossLevels: new Set<number>(),
});

/** Persisted form of one signal's levels: sorted arrays (JSON has no Set). */
export const MilestoneDataSchema = z.object({
  profitLevels: z.array(z.number()),
  lossLevels: z.array(z.number()),
});
export type MilestoneData = z.infer<typeof MilestoneDataSchema>;

/**
 * Content of `partial/{symbol}_{strategyName}/levels.json`: signal id → levels reached. Decoded by
 * `decodeMilestoneFile` key by key, not by a zod record (which drops a "__proto__" key).
 */
export type MilestoneFile = Record<string, MilestoneData>;

const ascending = (a: number, b: number): number => a - b;

/**
 * Levels as a new sorted array (the persisted normal form). This runs on every live milestone
 * crossing, so the array is allocated at its final size (a pushed array reserves 17 slots) and
 * sorted only when the levels were not in ascending order, which is rare; spread-and-sort cost
 * ~4× as much (measured).
 */
export const sortedLevels = (levels: ReadonlySet<number> | ReadonlyArray<number>): number[] => {
  const out = new Array<number>("size" in levels ? levels.size : levels.length);
  let i = 0;
  let inOrder = true;
  for (const level of levels) {
    if (i > 0 && level < out[i - 1]!) inOrder = false;
    out[i++] = level;
  }
  return inOrder ? out : out.sort(ascending);
};

export const encodeMilestones = (state: MilestoneState): MilestoneData => ({
  profitLevels: sortedLevels(state.profitLevels),
  lossLevels: sortedLevels(state.lossLevels),
});

const checkLevels = (
  field: string,
  values: ReadonlyArray<number>,
  allowed: ReadonlySet<number>,
  issues: Issue[],
): void => {
  const seen = new Set<number>();
  values.forEach((value, index) => {
    if (!allowed.has(value)) {
      issues.push({ field: `${field}.${index}`, value, rule: `is not a configured level (${[...allowed].join(", ")})` });
    } else if (seen.has(value)) {
      issues.push({ field: `${field}.${index}`, value, rule: "appears twice" });
    }
    seen.add(value);
  });
};

/** Decodes one signal's levels, accepting only the configured levels, each at most once. */
export const decodeMilestones = (
  input: unknown,
  levels: ReadonlyArray<number>,
  field = "levels",
): E.Either<DecodeError, MilestoneState> => {
  const parsed = safeParse(MilestoneDataSchema, input);
  if (!parsed.success) return E.left(decodeError("milestone state", prefix(zodIssues(parsed.error, input), field)));
  const allowed = new Set(levels);
  const issues: Issue[] = [];
  checkLevels(`${field}.profitLevels`, parsed.data.profitLevels, allowed, issues);
  checkLevels(`${field}.lossLevels`, parsed.data.lossLevels, allowed, issues);
  if (issues.length > 0) return E.left(decodeError("milestone state", issues));
  return E.right({ profitLevels: new Set(parsed.data.profitLevels), lossLevels: new Set(parsed.data.lossLevels) });
};

/**
 * Signal ids are user input: `fromEntries` defines own properties, so an id such as "__proto__"
 * becomes a key instead of replacing the object's prototype.
 */
export const encodeMilestoneFile = (states: ReadonlyMap<string, MilestoneState>): MilestoneFile =>
  Object.fromEntries([...states.keys()].sort().map((id) => [id, encodeMilestones(states.get(id)!)]));

/**
 * Decodes a whole levels.json. Each own key is decoded on its own rather than through a zod
 * record, which silently drops a "__proto__" key: a signal with that id would lose its levels.
 */
export const decodeMilestoneFile = (
  input: unknown,
  levels: ReadonlyArray<number>,
): E.Either<DecodeError, Map<string, MilestoneState>> => {
  if (input === null || typeof input !== "object" || Array.isArray(input)) {
    return E.left(decodeError("milestone file", [{ field: "(root)", value: input, rule: "must be an object of signal id → levels" }]));
  }
  const out = new Map<string, MilestoneState>();
  const issues: Issue[] = [];
  for (const [id, data] of Object.entries(input)) {
    if (id === "") issues.push({ field: "(root)", value: id, rule: "a signal id may not be empty" });
    const decoded = decodeMilestones(data, levels, id);
    if (E.isLeft(decoded)) issues.push(...decoded.left.issues);
    else out.set(id, decoded.right);
  }
  return issues.length > 0 ? E.left(decodeError("milestone file", issues)) : E.right(out);
};

const prefix = (issues: Issue[], field: string): Issue[] =>
  issues.map((issue) => ({ ...issue, field: issue.field === "(root)" ? field : `${field}.${issue.field}` }));
