import { indexAtOrAfter, type CandleSeries } from "@tickfold/core";
import { createEngine } from "tickfold";
import type { Outcomes } from "./outcomes.js";
import { LIFETIME_MINUTES, STOP_LOSS_FACTOR, STRATEGY_NAME, SYMBOL, TAKE_PROFIT_FACTOR, type Frame } from "./workload.js";

/**
 * The workload through the product a user installs: `addStrategy`, `Backtest.run` with its results
 * iterated, every event on the engine's bus with one subscriber counting them. The outcomes are
 * read from what a user sees: the results (closes), the bus (milestones, rejections) and
 * `doneBacktest` (the candles the run went through).
 */
export const engineContestant = (series: CandleSeries, frame: Frame): (() => Promise<Outcomes>) => {
  const engine = createEngine();
  engine.addExchange({ exchangeName: "year", getCandles: () => [], getCandleSeries: () => series });
  engine.addFrame({ frameName: "year", startDate: frame.startTime, endDate: frame.endTime });
  engine.addStrategy({
    strategyName: STRATEGY_NAME,
    interval: "1h",
    getSignal: (_symbol, when) => {
      const previousClose = series.close[indexAtOrAfter(series, when.getTime()) - 1]!;
      return {
        position: "long",
        priceTakeProfit: previousClose * TAKE_PROFIT_FACTOR,
        priceStopLoss: previousClose * STOP_LOSS_FACTOR,
        minuteEstimatedTime: LIFETIME_MINUTES,
      };
    },
  });
  let milestones = 0;
  let rejected = 0;
  let candles = 0;
  let events = 0;
  engine.listenSignal(() => void events++);
  engine.listenPartialProfit(() => void milestones++);
  engine.listenPartialLoss(() => void milestones++);
  engine.listenValidation(() => void rejected++);
  engine.listenDoneBacktest((done) => void (candles = done.candles ?? Number.NaN));

  return async () => {
    milestones = rejected = candles = events = 0;
    let takeProfit = 0;
    let stopLoss = 0;
    let timeExpired = 0;
    let sumPnl = 0;
    for await (const result of engine.Backtest.run(SYMBOL, { strategyName: STRATEGY_NAME, exchangeName: "year", frameName: "year" })) {
      if (result.action !== "closed") continue;
      if (result.closeReason === "take_profit") takeProfit++;
      else if (result.closeReason === "stop_loss") stopLoss++;
      else timeExpired++;
      sumPnl += result.pnl.pnlPercentage;
    }
    await engine.bus.drain();
    return { candles, closed: takeProfit + stopLoss + timeExpired, takeProfit, stopLoss, timeExpired, rejected, sumPnl, milestones };
  };
};
