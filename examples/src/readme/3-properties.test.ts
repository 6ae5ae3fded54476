import { expect, it } from "vitest";
import { checkStrategy, type StrategyProperty } from "@tickfold/core/testing";

const bracket = (_symbol: string, _when: Date, price: number) => ({
  position: "long" as const,
  priceTakeProfit: price * 1.01,
  priceStopLoss: price * 0.99,
  minuteEstimatedTime: 60,
});

const properties: Record<string, StrategyProperty> = {
  // Return false to fail…
  "a take profit always makes money after costs": ({ closed }) =>
    closed.every((trade) => trade.closeReason !== "take_profit" || trade.pnl.pnlPercentage > 0),
  // …or throw, for instance with expect.
  "a stop loss costs at most 1.5 %": ({ closed }) => {
    for (const trade of closed) {
      if (trade.closeReason === "stop_loss") expect(trade.pnl.pnlPercentage).toBeGreaterThan(-1.5);
    }
  },
  // The run's config is there too: fees, slippage, the VWAP window…
  "PnL is reported on the configured entry cost": ({ closed, config }) =>
    closed.every((trade) => trade.pnl.pnlEntries === config.positionEntryCost),
};

it("bracket keeps its promises on every market", async () => {
  await checkStrategy(bracket, { properties, config: { positionEntryCost: 1000 } });
});
