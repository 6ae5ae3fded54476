import { fileURLToPath } from "node:url";
import { YEAR_OF_BTC } from "./lib/load-candles.js";

const QUARTER = fileURLToPath(new URL("../data/BTCUSDT-1m-backtest_and_deploy_2020Q1.csv.gz", import.meta.url));

/**
 * The momentum sweep both sweep examples run, on a local pool or a job queue: 36 parameter sets
 * over the shipped year, or (`small`, SWEEP_GRID=small) 8 sets over 2020 Q1, quick enough for a test.
 */
export const momentumSweep = (size: "full" | "small") => ({
  strategy: fileURLToPath(new URL("./strategies/momentum-sweep.ts", import.meta.url)),
  ...(size === "small"
    ? {
        grid: { lookback: [30, 60, 120, 240], takeProfit: [1, 2] },
        candles: { BTCUSDT: QUARTER },
        frame: { startDate: "2020-01-01T06:00:00Z", endDate: "2020-03-31T23:00:00Z" },
      }
    : {
        grid: { lookback: [15, 30, 60, 120, 240, 360], takeProfit: [0.5, 1, 1.5, 2, 3, 5] },
        candles: { BTCUSDT: YEAR_OF_BTC },
        frame: { startDate: "2024-12-01T01:01:00Z", endDate: "2025-11-30T19:54:00Z" },
      }),
  symbols: ["BTCUSDT"],
  metric: "sharpeRatio" as const,
});

export const sweepSize = (): "full" | "small" => (process.env.SWEEP_GRID === "small" ? "small" : "full");
