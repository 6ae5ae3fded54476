import { checkName } from "../store/entity-id.js";

/**
 * The seeds' layout (SPEC §7), relative to the engine's base directory:
 *   signal/{symbol}_{strategyName}/{symbol}.json      open position or null
 *   schedule/{symbol}_{strategyName}/{symbol}.json    scheduled signal or null
 *   risk/{riskName}/positions.json                    [key, position] pairs
 *   partial/{symbol}_{strategyName}/levels.json       signalId → levels reached
 *   outbox/{symbol}_{strategyName}/{seq}.json         committed, undelivered transitions (ours)
 */
export type Domain = "signal" | "schedule" | "risk" | "partial" | "outbox";

/** The domains with one entity per pair. */
export const PAIR_DOMAINS = ["signal", "schedule", "partial", "outbox"] as const satisfies ReadonlyArray<Domain>;

/** One strategy trading one symbol: the unit whose files change together. */
export interface Pair {
  readonly symbol: string;
  readonly strategyName: string;
}

/**
 * The entity name of a pair: `{symbol}_{strategyName}`, one-to-one. The seeds join the two with a
 * plain `_`, which maps (BTC_USDT, trend) and (BTC, USDT_trend) to the same folder; here a `_` in
 * the symbol is written `%5F` (and a `%` as `%25`), so the first `_` always ends the symbol.
 * Ordinary symbols (no `_`, no `%`) keep the seeds' name, strategy names are never changed.
 */
export const pairEntity = ({ symbol, strategyName }: Pair): string =>
  `${checkName("symbol", symbol).replaceAll("%", "%25").replaceAll("_", "%5F")}_${checkName("strategyName", strategyName)}`;

/** The entity name versions before the one-to-one mapping used: ambiguous when either name holds `_`. */
export const legacyPairEntity = ({ symbol, strategyName }: Pair): string => `${symbol}_${strategyName}`;

export const RISK_FILE_ID = "positions";
export const PARTIAL_FILE_ID = "levels";
