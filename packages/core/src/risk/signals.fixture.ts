import type { SignalRow } from "../model/signal.js";
import type { RiskParams } from "./params.js";
import type { RiskCheck } from "./state.js";

/** 2024-01-01T00:00Z: a multiple of every strategy interval. */
export const T0 = Date.UTC(2024, 0, 1);
export const MIN = 60_000;

export const signal = (overrides: Partial<SignalRow> = {}): SignalRow => ({
  id: "sig-1",
  symbol: "BTCUSDT",
  strategyName: "trend",
  exchangeName: "binance",
  position: "long",
  priceOpen: 100,
  priceTakeProfit: 110,
  priceStopLoss: 95,
  minuteEstimatedTime: 60,
  scheduledAt: T0,
  pendingAt: T0,
  note: "",
  ...overrides,
});

export const check = (row: SignalRow, overrides: Partial<RiskCheck> = {}): RiskCheck => ({
  stage: "proposal",
  signal: row,
  price: row.priceOpen,
  time: row.scheduledAt,
  reserve: true,
  ...overrides,
});

export const live = (overrides: Partial<RiskParams> = {}): RiskParams => ({ riskName: "portfolio", backtest: false, ...overrides });
export const backtest = (overrides: Partial<RiskParams> = {}): RiskParams => ({ riskName: "portfolio", backtest: true, ...overrides });
