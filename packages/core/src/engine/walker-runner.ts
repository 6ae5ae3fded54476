import type { WalkerEvent } from "../model/events.js";
import type { BacktestStatistics } from "../stats/trades.js";
import { addWalkerStats, emptyWalkerStats, walkerStatistics, type WalkerStatistics } from "../stats/walker.js";
import { isThenable } from "../thenable.js";
import type { BacktestResult } from "./backtest-runner.js";
import { describe } from "./backtest-runner.js";
import type { EventSink } from "./ports.js";
import type { Walker } from "./schemas.js";

export interface WalkerDeps {
  /** Backtests one of the walker's strategies over its exchange and frame (the candles are loaded once for all). */
  readonly backtest: (strategyName: string) => AsyncIterable<BacktestResult>;
  readonly statistics: (strategyName: string) => BacktestStatistics;
  readonly stopped: () => boolean;
  readonly events: EventSink;
}

const settle = async (value: unknown): Promise<void> => {
  if (isThenable(value)) await value;
};

/**
 * Walker (reference §12.2): backtests each strategy in turn, ranks them by the metric (higher is
 * better; the first non-null value leads and only a strictly greater one takes over), and publishes
 * `walker` after each, then `walkerComplete` and `doneWalker`. A strategy whose backtest fails is
 * reported and skipped; a stop takes effect before the next strategy.
 */
export async function* runWalker(symbol: string, walker: Walker, deps: WalkerDeps): AsyncGenerator<WalkerEvent, WalkerStatistics, undefined> {
  const { walkerName, exchangeName, frameName, metric, strategies } = walker;
  const callbacks = walker.callbacks ?? {};
  const ranked = emptyWalkerStats(metric);
  let best: { readonly strategyName: string; readonly value: number; readonly statistics: BacktestStatistics } | null = null;
  let tested = 0;
  for (const strategyName of strategies) {
    if (deps.stopped()) break;
    try {
      for await (const _ of deps.backtest(strategyName)) {
        // Each result is on the bus already; the walker needs only the run's statistics.
      }
    } catch (error) {
      await settle(deps.events.emit("error", { error, message: `Walker ${walkerName}: strategy ${strategyName} failed on ${symbol} and is skipped: ${describe(error)}` }));
      await settle(callbacks.onStrategyError?.(strategyName, symbol, error));
      continue;
    }
    tested++;
    const statistics = deps.statistics(strategyName);
    addWalkerStats(ranked, { strategyName, statistics });
    const raw = statistics[metric];
    const metricValue = typeof raw === "number" && Number.isFinite(raw) ? raw : null;
    if (metricValue !== null && (best === null || metricValue > best.value)) best = { strategyName, value: metricValue, statistics };
    await settle(
      deps.events.emit("progressWalker", {
        walkerName,
        symbol,
        exchangeName,
        frameName,
        totalStrategies: strategies.length,
        processedStrategies: tested,
        progress: tested / strategies.length,
      }),
    );
    await settle(callbacks.onStrategyComplete?.(strategyName, symbol, statistics, metricValue));
    const event: WalkerEvent = {
      walkerName,
      symbol,
      exchangeName,
      frameName,
      strategyName,
      metric,
      metricValue,
      bestMetric: best?.value ?? null,
      bestStrategy: best?.strategyName ?? null,
      strategiesTested: tested,
      totalStrategies: strategies.length,
      stats: { ...statistics },
    };
    await settle(deps.events.emit("walker", event));
    yield event;
  }
  const result = walkerStatistics(ranked);
  await settle(callbacks.onComplete?.(result));
  await settle(
    deps.events.emit("walkerComplete", {
      walkerName,
      symbol,
      exchangeName,
      frameName,
      metric,
      totalStrategies: strategies.length,
      bestStrategy: best?.strategyName ?? null,
      bestMetric: best?.value ?? null,
      bestStats: best === null ? null : { ...best.statistics },
    }),
  );
  await deps.events.drain();
  await settle(deps.events.emit("doneWalker", { backtest: true, symbol, strategyName: walkerName, exchangeName, frameName, walkerName }));
  return result;
}
