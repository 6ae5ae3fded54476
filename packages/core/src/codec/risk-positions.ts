import * as z from "zod/mini";
import * as E from "#fp-ts/Either";
import { zodIssues, type Issue } from "../model/config.js";
import { PositionSchema, type SignalRow } from "../model/signal.js";
import { decodeError, type DecodeError } from "./decode-error.js";
import { safeParse } from "../model/parse.js";

/** One position a risk profile counts against its limits. */
export const RiskPositionSchema = z.object({
  signalId: z.string().check(z.minLength(1)),
  symbol: z.string().check(z.minLength(1)),
  strategyName: z.string().check(z.minLength(1)),
  exchangeName: z.string(),
  position: PositionSchema,
  priceOpen: z.number().check(z.positive()),
  /** Simulated time the slot was reserved (never the wall clock). */
  openedAt: z.number().check(z.int()),
});
export type RiskPosition = z.infer<typeof RiskPositionSchema>;

/**
 * The slot a signal holds in a risk profile, reserved at simulated time `openedAt` (when the
 * position opens, `pendingAt` of the opened row). The one definition for the reducers, storage and
 * recovery, so all three agree on it.
 */
export const riskSlotOf = (signal: SignalRow, openedAt: number): RiskPosition => ({
  signalId: signal.id,
  symbol: signal.symbol,
  strategyName: signal.strategyName,
  exchangeName: signal.exchangeName,
  position: signal.position,
  priceOpen: signal.priceOpen,
  openedAt,
});

/** Positions are keyed by `strategyName:symbol`: one slot per strategy and symbol. */
export const riskKey = (strategyName: string, symbol: string): string => `${strategyName}:${symbol}`;

/** Content of `risk/{riskName}/positions.json`: the Map's entries as `[key, position]` pairs. */
export const RiskFileSchema = z.array(z.tuple([z.string().check(z.minLength(1)), RiskPositionSchema]));
export type RiskFile = z.infer<typeof RiskFileSchema>;

export const encodeRiskPositions = (positions: ReadonlyMap<string, RiskPosition>): RiskFile =>
  [...positions.keys()].sort().map((key) => [key, positions.get(key)!] as [string, RiskPosition]);

/** Decodes the pairs, rejecting duplicate keys and keys that do not match their position. */
export const decodeRiskPositions = (input: unknown): E.Either<DecodeError, Map<string, RiskPosition>> => {
  const parsed = safeParse(RiskFileSchema, input);
  if (!parsed.success) return E.left(decodeError("risk positions", zodIssues(parsed.error, input)));
  const out = new Map<string, RiskPosition>();
  const issues: Issue[] = [];
  parsed.data.forEach(([key, position], index) => {
    const expected = riskKey(position.strategyName, position.symbol);
    if (key !== expected) issues.push({ field: `${index}.0`, value: key, rule: `must be "${expected}" for its position` });
    else if (out.has(key)) issues.push({ field: `${index}.0`, value: key, rule: "appears twice" });
    else out.set(key, position);
  });
  return issues.length > 0 ? E.left(decodeError("risk positions", issues)) : E.right(out);
};
