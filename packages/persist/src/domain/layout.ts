/**
 * The seeds' layout (SPEC §7), relative to the engine's base directory:
 *   signal/{symbol}_{strategyName}/{symbol}.json      open position or null
 *   schedule/{symbol}_{strategyName}/{symbol}.json    scheduled signal or null
 *   risk/{riskName}/positions.json                    [key, position] pairs
 *   partial/{symbol}_{strategyName}/levels.json       signalId → levels reached
 *   outbox/{symbol}_{strategyName}/{seq}.json         committed, undelivered transitions (ours)
 */
export type Domain = "signal" | "schedule" | "risk" | "partial" | "outbox";

/** One strategy trading one symbol: the unit whose files change together. */
export interface Pair {
  readonly symbol: string;
  readonly strategyName: string;
}

export const pairEntity = ({ symbol, strategyName }: Pair): string => `${symbol}_${strategyName}`;

export const RISK_FILE_ID = "positions";
export const PARTIAL_FILE_ID = "levels";
