import type { LifecycleState } from "../../lifecycle/state.js";
import type { Exchange } from "../schemas.js";
import { describe } from "../backtest-runner.js";

/** A position as the venue reports it: enough to compare with what storage restored. */
export interface VenuePosition {
  readonly position: "long" | "short";
}

/**
 * Compares the venue's open positions on `symbol` with the restored state, when the exchange
 * adapter can report them (`getOpenPositions`). Returns why the instance must not trade, or null.
 * Fail closed: a report that fails or is not a list never counts as "flat".
 */
export const checkVenue = async (exchange: Exchange, symbol: string, state: LifecycleState): Promise<string | null> => {
  if (exchange.getOpenPositions === undefined) return null;
  const ours = state.phase === "open" ? `an open ${state.signal.position} position (signal ${state.signal.id})` : "no open position";
  let report: unknown;
  try {
    report = await exchange.getOpenPositions(symbol);
  } catch (error) {
    return `the venue's open positions on ${symbol} could not be read (${describe(error)}); storage holds ${ours}; a missing report is not "flat"`;
  }
  if (!Array.isArray(report) || !report.every(isPosition)) {
    return `getOpenPositions(${JSON.stringify(symbol)}) returned ${JSON.stringify(report) ?? String(report)}, not a list of { position: "long" | "short" }; storage holds ${ours}`;
  }
  const theirs = report.length === 0 ? "no open position" : report.map((p: VenuePosition) => `a ${p.position} position`).join(" and ");
  const agrees = state.phase === "open" ? report.length === 1 && report[0]!.position === state.signal.position : report.length === 0;
  return agrees ? null : `the venue reports ${theirs} on ${symbol} (${exchange.exchangeName}), storage holds ${ours}`;
};

const isPosition = (value: unknown): value is VenuePosition =>
  typeof value === "object" && value !== null && ((value as VenuePosition).position === "long" || (value as VenuePosition).position === "short");
