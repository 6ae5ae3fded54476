/**
 * What a TypeScript user's editor sees from the installed packages: `tsc --noEmit` must accept
 * this file (and backtest.mjs, checked as JavaScript). The `@ts-expect-error` lines prove the
 * declarations are real types: were anything `any`, those lines would not error and tsc would fail.
 */
import { validateConfig, type CandleSeries } from "@tickfold/core";
import { candleSeriesArb, lifecycleViolations } from "@tickfold/core/testing";
import type fc from "fast-check";
import { createRedisStorage, type RedisStorageOptions } from "@tickfold/redis";
import { addStrategy, Backtest, listenSignal, type SignalEvent, type StrategySchema } from "tickfold";

const strategy: StrategySchema = {
  strategyName: "typed",
  interval: "5m",
  getSignal: (_symbol, when, price) => (when.getTime() % 2 === 0 ? { position: "long", priceTakeProfit: price * 1.01, priceStopLoss: price * 0.99, minuteEstimatedTime: 60 } : null),
};
addStrategy(strategy);

// @ts-expect-error an interval the strategy schema does not know
const badInterval: StrategySchema = { ...strategy, interval: "7m" };
void badInterval;

listenSignal((event: SignalEvent) => {
  if (event.action === "closed") {
    const pnl: number = event.pnl.pnlPercentage;
    void pnl;
  }
  // @ts-expect-error only a closed event has a close reason
  if (event.action === "opened") void event.closeReason;
});

export const firstActions = async (): Promise<Array<SignalEvent["action"]>> => {
  const actions: Array<SignalEvent["action"]> = [];
  for await (const event of Backtest.run("GEN", { strategyName: "typed", exchangeName: "generated", frameName: "morning" })) actions.push(event.action);
  return actions;
};

export const markets: fc.Arbitrary<CandleSeries> = candleSeriesArb({ length: { min: 20, max: 50 } });
export const violations: string[] = lifecycleViolations([]);

// Core's declarations reach fp-ts through its `#fp-ts/Either` imports map: the Either must be real.
const checked = validateConfig({ percentFee: 0.1 });
export const fee: number | undefined = checked._tag === "Right" ? checked.right.percentFee : undefined;
// @ts-expect-error an Either is not a Config: the config is behind `right`
void checked.percentFee;

// @tickfold/redis's declarations are real too: a storage needs the connection its commands go to.
export const storageOf = (options: RedisStorageOptions) => createRedisStorage(options);
// @ts-expect-error no connection to send the commands to
export const unconnected: RedisStorageOptions = { namespace: "x" };
