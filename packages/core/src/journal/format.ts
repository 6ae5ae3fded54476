import * as E from "#fp-ts/Either";
import * as z from "zod/mini";
import { CONFIG_KEYS, validateConfig, zodIssues, type Issue } from "../model/config.js";
import { JournalError } from "./journal-error.js";
import { safeParse } from "../model/parse.js";
import type { LifecycleParams } from "../lifecycle/state.js";
import type { JournalBodyEntry, JournalEntry } from "./entry.js";
import { forEachJournalLine, type JournalLine, type JournalSource } from "./journal-lines.js";
import { readPlainLine } from "./plain-line.js";
import { decodeTaggedJson, encodeTaggedJson } from "./tagged-json.js";

/** The `format` a journal's header names, and the one version of it this code reads and writes. */
export const JOURNAL_FORMAT = "tickfold-journal";
export const JOURNAL_VERSION = 1;

export { JournalError } from "./journal-error.js";

/** One entry as one JSONL line (no newline), numbers tagged so that NaN, ±Infinity and -0 survive. */
export const encodeJournalLine = (entry: JournalEntry): string =>
  // A strategy answering `undefined` means "no signal", as null does; JSON would drop the key.
  encodeTaggedJson(entry.type === "input" && entry.input.kind === "proposal" && entry.input.proposal === undefined ? { ...entry, input: { kind: "proposal", proposal: null } } : entry);

/** Any number, NaN and ±Infinity included (they arrive tagged): `priceBefore` before history, a live `endDate`. */
const anyNumber = z.custom<number>((value) => typeof value === "number", { message: "must be a number" });
const finite = z.number();

const TickSchema = z.strictObject({ kind: z.literal("tick"), time: finite, low: finite, high: finite, price: finite, priceBefore: anyNumber });
const InputSchema = z.discriminatedUnion("kind", [
  TickSchema,
  z.strictObject({ kind: z.literal("proposal"), proposal: z.unknown() }),
  z.strictObject({ kind: z.literal("risk"), allowed: z.boolean() }),
  z.strictObject({ kind: z.literal("stop") }),
]);
const RestoredSchema = z.strictObject({
  signal: z.unknown(),
  schedule: z.unknown(),
  milestones: z.optional(z.unknown()),
  lastSignalId: z.optional(z.nullable(z.string())),
  askedBucket: z.optional(z.nullable(finite)),
});
const ParamsSchema = z.strictObject({
  symbol: z.string().check(z.minLength(1)),
  strategyName: z.string().check(z.minLength(1)),
  exchangeName: z.string(),
  backtest: z.boolean(),
  config: z.record(z.string(), z.unknown()),
  intervalMs: finite.check(z.positive()),
  endDate: anyNumber,
  riskNames: z.array(z.string()),
  progressCallbacks: z.boolean(),
});
const BodySchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("input"), input: InputSchema }),
  z.strictObject({ type: z.literal("restored"), restored: RestoredSchema, cursor: z.optional(z.nullable(finite)) }),
]);
const HeaderSchema = z.strictObject({ type: z.literal("header"), format: z.string(), version: z.number(), params: ParamsSchema });

/**
 * Reads a journal (its bytes, its text, or its lines) into entries, for a program that inspects
 * them; `replayJournal` reads the journal itself, line by line, without keeping them. A header
 * first, then inputs and restores. Each line is validated; the first bad one throws a
 * `JournalError` naming its line and fields. A journal of another format or version is refused by
 * name. One trailing empty line (the final newline) is allowed, no other.
 */
export const parseJournal = (journal: JournalSource): JournalEntry[] => {
  const entries: JournalEntry[] = [];
  const count = forEachJournalLine(journal, (line) => void entries.push(readJournalLine(line)));
  if (count === 0) throw emptyJournal();
  return entries;
};

/** Any line: the header on line 1, else a body line. */
export const readJournalLine = (line: JournalLine): JournalEntry => (line.number === 1 ? readJournalHeader(line) : readJournalBody(line));

export const readJournalHeader = (line: JournalLine): JournalHeader => header(decodeLine(textOf(line), line.number), line.number);

/** A line after the first: a plain line read in place, else the general path (a second header is refused there). */
export const readJournalBody = (line: JournalLine): JournalBodyEntry => readPlainLine(line) ?? readBodyLine(textOf(line), line.number);

/** The line's text; bytes that are not UTF-8 are a bad line, named as any other. */
const textOf = (line: JournalLine): string => {
  try {
    return line.text();
  } catch (error) {
    throw new JournalError(line.number, [{ field: "(line)", value: `${line.end - line.start} bytes`, rule: `is not UTF-8 text (${error instanceof Error ? error.message : String(error)})` }]);
  }
};

export const emptyJournal = (): JournalError =>
  new JournalError(1, [{ field: "(line)", value: "", rule: `a journal starts with its header line ({"type":"header","format":"${JOURNAL_FORMAT}","version":${JOURNAL_VERSION},"params":…})` }]);

type JournalHeader = Extract<JournalEntry, { readonly type: "header" }>;

/** Any line after the header, through JSON.parse and the schemas: what `readPlainLine` must agree with. */
export const readBodyLine = (line: string, number: number): JournalBodyEntry => {
  const value = decodeLine(line, number);
  return isPlainInput(value) ? (value as JournalBodyEntry) : body(value, number);
};

const decodeLine = (line: string, number: number): unknown => {
  try {
    return decodeTaggedJson(line);
  } catch (error) {
    const rule = line.trim() === "" ? "an empty line (a journal has one entry on every line)" : `is not JSON (${error instanceof Error ? error.message : String(error)})`;
    throw new JournalError(number, [{ field: "(line)", value: line.length > 80 ? `${line.slice(0, 80)}…` : line, rule }]);
  }
};

const header = (value: unknown, number: number): JournalHeader => {
  const record = (typeof value === "object" && value !== null ? value : {}) as Record<string, unknown>;
  if (record.type !== "header") throw new JournalError(number, [{ field: "type", value: record.type, rule: `the first line must be the journal's header ("header")` }]);
  if (record.format !== JOURNAL_FORMAT) throw new JournalError(number, [{ field: "format", value: record.format, rule: `not a tickfold journal (expected "${JOURNAL_FORMAT}")` }]);
  if (record.version !== JOURNAL_VERSION) {
    throw new JournalError(number, [{ field: "version", value: record.version, rule: `${JOURNAL_FORMAT} version ${String(record.version)} is not supported; this tickfold reads version ${JOURNAL_VERSION}` }]);
  }
  const parsed = safeParse(HeaderSchema, value);
  if (!parsed.success) throw new JournalError(number, zodIssues(parsed.error, value));
  const given = parsed.data.params.config;
  const missing = CONFIG_KEYS.filter((key) => !(key in given)).map((key): Issue => ({ field: `params.config.${key}`, value: undefined, rule: "must be recorded (a replay uses exactly the run's config)" }));
  const config = validateConfig(given);
  if (E.isLeft(config) || missing.length > 0) {
    throw new JournalError(number, [...missing, ...(E.isLeft(config) ? config.left.map((issue) => ({ ...issue, field: `params.config.${issue.field}` })) : [])]);
  }
  const params: LifecycleParams = { ...parsed.data.params, config: config.right };
  return { type: "header", format: JOURNAL_FORMAT, version: JOURNAL_VERSION, params };
};

const body = (value: unknown, number: number): JournalBodyEntry => {
  if (typeof value === "object" && value !== null && (value as { type?: unknown }).type === "header") {
    throw new JournalError(number, [{ field: "type", value: "header", rule: "a journal has one header, on its first line" }]);
  }
  const parsed = safeParse(BodySchema, value);
  if (!parsed.success) throw new JournalError(number, zodIssues(parsed.error, value));
  return parsed.data as JournalBodyEntry;
};

/**
 * The common lines, checked by hand before zod: a tick with its five numbers, a risk verdict, a
 * stop. It accepts exactly what the schemas accept for them (a test holds both to the same
 * verdicts); anything else, proposals included, goes through zod, which also words the errors.
 */
const isPlainInput = (value: unknown): boolean => {
  if (typeof value !== "object" || value === null) return false;
  const line = value as { type?: unknown; input?: unknown };
  if (line.type !== "input" || typeof line.input !== "object" || line.input === null || !hasKeys(line, 2)) return false;
  const input = line.input as Record<string, unknown>;
  switch (input.kind) {
    case "tick":
      return isFinite(input.time) && isFinite(input.low) && isFinite(input.high) && isFinite(input.price) && typeof input.priceBefore === "number" && hasKeys(input, 6);
    case "risk":
      return typeof input.allowed === "boolean" && hasKeys(input, 2);
    case "stop":
      return hasKeys(input, 1);
    default:
      return false;
  }
};

const isFinite = (value: unknown): boolean => typeof value === "number" && Number.isFinite(value);

/** Exactly `count` own keys (`Object.keys` measured cheaper here than counting with for…in). */
const hasKeys = (object: object, count: number): boolean => Object.keys(object).length === count;
