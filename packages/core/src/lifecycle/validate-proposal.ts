import * as E from "#fp-ts/Either";
import type { Config, Issue } from "../model/config.js";
import { ProposalSchema, type SignalRow } from "../model/signal.js";
import { zodIssues } from "../model/config.js";
import { safeParse } from "../model/parse.js";

/** Who is proposing, and when: everything a signal row needs besides the proposal itself. */
export interface ProposalContext {
  readonly symbol: string;
  readonly strategyName: string;
  readonly exchangeName: string;
  /** Tick time (epoch ms). */
  readonly time: number;
  /** The price handed to the strategy: VWAP of the N candles before the tick. */
  readonly marketPrice: number;
  /** Id of the last signal that opened on this instance: a proposal may not reuse it. */
  readonly lastSignalId: string | null;
}

type RuleSet = Pick<
  Config,
  "minTakeProfitDistancePercent" | "minStopLossDistancePercent" | "maxStopLossDistancePercent" | "maxSignalLifetimeMinutes"
>;

/** Ids derived from inputs only, so a replay of the same ticks reproduces them. */
export const deriveSignalId = (strategyName: string, symbol: string, time: number): string =>
  `${strategyName}:${symbol}:${time}`;

const isPositiveFinite = (value: unknown): value is number =>
  typeof value === "number" && Number.isFinite(value) && value > 0;

/**
 * Checks a strategy's proposal against the trading rules and builds the signal row. Every failing
 * rule is reported (field, value, rule); nothing throws for a bad proposal. The row's `priceOpen`
 * is the market price for a market proposal and the proposal's `priceOpen` otherwise;
 * `pendingAt` is left 0 — the lifecycle sets it when the position opens.
 */
export const validateProposal = (
  input: unknown,
  context: ProposalContext,
  rules: RuleSet,
): E.Either<Issue[], SignalRow> => {
  const shape = safeParse(ProposalSchema, input);
  if (!shape.success) return E.left(zodIssues(shape.error, input));
  const proposal = shape.data;
  const issues: Issue[] = [];
  const isMarket = proposal.priceOpen === undefined;
  const entry = isMarket ? context.marketPrice : proposal.priceOpen!;
  const { position, priceTakeProfit: tp, priceStopLoss: sl } = proposal;

  const prices: Array<[string, unknown]> = [
    ["priceTakeProfit", tp],
    ["priceStopLoss", sl],
    [isMarket ? "currentPrice" : "priceOpen", entry],
  ];
  for (const [field, value] of prices) {
    if (!isPositiveFinite(value)) issues.push({ field, value, rule: "must be a finite number > 0" });
  }

  if (issues.length === 0) {
    const entryField = isMarket ? "currentPrice" : "priceOpen";
    if (position === "long") {
      if (!(tp > entry)) issues.push({ field: "priceTakeProfit", value: tp, rule: `must be above the entry ${entry} for a long` });
      if (!(sl < entry)) issues.push({ field: "priceStopLoss", value: sl, rule: `must be below the entry ${entry} for a long` });
    } else {
      if (!(tp < entry)) issues.push({ field: "priceTakeProfit", value: tp, rule: `must be below the entry ${entry} for a short` });
      if (!(sl > entry)) issues.push({ field: "priceStopLoss", value: sl, rule: `must be above the entry ${entry} for a short` });
    }
    if (isMarket && !(Math.min(tp, sl) < entry && entry < Math.max(tp, sl))) {
      issues.push({ field: entryField, value: entry, rule: `must lie strictly between stop loss ${sl} and take profit ${tp}` });
    }
    const tpDistance = (Math.abs(tp - entry) / entry) * 100;
    if (tpDistance < rules.minTakeProfitDistancePercent) {
      issues.push({
        field: "priceTakeProfit",
        value: tp,
        rule: `is ${percentBeside(tpDistance, rules.minTakeProfitDistancePercent)}% from the entry ${entry}; the minimum is ${rules.minTakeProfitDistancePercent}% to cover fees`,
      });
    }
    const slDistance = (Math.abs(sl - entry) / entry) * 100;
    if (slDistance < rules.minStopLossDistancePercent) {
      issues.push({
        field: "priceStopLoss",
        value: sl,
        rule: `is ${percentBeside(slDistance, rules.minStopLossDistancePercent)}% from the entry ${entry}; the minimum is ${rules.minStopLossDistancePercent}%`,
      });
    }
    if (slDistance > rules.maxStopLossDistancePercent) {
      issues.push({
        field: "priceStopLoss",
        value: sl,
        rule: `is ${percentBeside(slDistance, rules.maxStopLossDistancePercent)}% from the entry ${entry}; the maximum is ${rules.maxStopLossDistancePercent}%`,
      });
    }
  }

  const minutes = proposal.minuteEstimatedTime ?? rules.maxSignalLifetimeMinutes;
  if (!Number.isInteger(minutes) || minutes <= 0) {
    issues.push({ field: "minuteEstimatedTime", value: minutes, rule: "must be a positive whole number of minutes" });
  } else if (minutes > rules.maxSignalLifetimeMinutes) {
    issues.push({ field: "minuteEstimatedTime", value: minutes, rule: `must not exceed maxSignalLifetimeMinutes (${rules.maxSignalLifetimeMinutes})` });
  }

  const id = proposal.id ?? deriveSignalId(context.strategyName, context.symbol, context.time);
  if (proposal.id !== undefined && proposal.id === context.lastSignalId) {
    issues.push({ field: "id", value: proposal.id, rule: "reuses the id of the previous signal; every signal needs a new id" });
  }

  if (issues.length > 0) return E.left(issues);
  return E.right({
    id,
    symbol: context.symbol,
    strategyName: context.strategyName,
    exchangeName: context.exchangeName,
    position,
    priceOpen: entry,
    priceTakeProfit: tp,
    priceStopLoss: sl,
    minuteEstimatedTime: minutes,
    scheduledAt: context.time,
    pendingAt: 0,
    note: proposal.note ?? "",
  });
};

/**
 * A distance with three decimals, or as many more as it takes to show which side of `limit` it
 * is on: 0.4999 against a minimum of 0.5 reads "0.4999", not "0.500" (which looks like a pass).
 */
export const percentBeside = (value: number, limit: number): string => {
  for (let digits = 3; digits < 15; digits++) {
    const shown = value.toFixed(digits);
    if (Math.sign(Number(shown) - limit) === Math.sign(value - limit)) return shown;
  }
  return String(value);
};
