import type { EmitEffect } from "../effects.js";
import type { Config } from "../model/config.js";
import type { ClosedEvent } from "../model/events.js";
import { backtestMarkdown, liveMarkdown } from "../report/markdown/trades.js";
import { partialMarkdown, riskMarkdown, scheduleMarkdown } from "../report/markdown/events.js";
import { backtestHtml } from "../report/html/backtest-page.js";
import type { CandleSeries } from "../series/candle-series.js";
import { addPartialStats, emptyPartialStats, partialStatistics, type PartialStatistics, type PartialStats } from "../stats/partial.js";
import { addRiskStats, emptyRiskStats, riskStatistics, type RiskStatistics, type RiskStats } from "../stats/risk.js";
import { addScheduleStats, emptyScheduleStats, scheduleStatistics, type ScheduleStatistics, type ScheduleStats } from "../stats/schedule.js";
import { addTradeStats, backtestStatistics, emptyBacktestStats, emptyLiveStats, liveStatistics, type BacktestStatistics, type LiveStatistics, type TradeStats } from "../stats/trades.js";
import type { ObservedEvent } from "./backtest-runner.js";
import { RegistrationError } from "./registry.js";

/** What one backtest of a symbol and strategy left for its reports; replaced when the pair runs again. */
interface RunRecord {
  readonly symbol: string;
  readonly strategyName: string;
  readonly frameName: string;
  readonly period: { readonly startTime: number; readonly endTime: number };
  readonly series: CandleSeries;
  readonly trades: TradeStats;
  readonly partial: PartialStats;
  readonly schedule: ScheduleStats;
  readonly risk: RiskStats;
  /** Every closed signal, for the HTML report's chart and table (the statistics need none of them). */
  readonly closed: ClosedEvent[];
}

export interface RunStart {
  readonly symbol: string;
  readonly strategyName: string;
  readonly frameName: string;
  readonly startTime: number;
  readonly endTime: number;
  readonly series: CandleSeries;
  readonly config: Config;
}

const keyOf = (symbol: string, strategyName: string): string => `${symbol}\u0000${strategyName}`;

/**
 * The reports of an engine's backtests, fed with every event a run publishes (pure folds from
 * `stats/`, O(1) memory per statistic). A report reads what the events produced; a run of the same
 * symbol and strategy starts its reports afresh, as backtest-kit's `Backtest.run` does.
 */
export class BacktestReports {
  private readonly runs = new Map<string, RunRecord>();
  /** Live instances' trade statistics: what this process delivered since the instance started here. */
  private readonly liveRuns = new Map<string, TradeStats>();

  constructor(private readonly strategyNames: () => ReadonlyArray<string>) {}

  start(run: RunStart): (event: ObservedEvent) => void {
    const { config } = run;
    const record: RunRecord = {
      symbol: run.symbol,
      strategyName: run.strategyName,
      frameName: run.frameName,
      period: { startTime: run.startTime, endTime: run.endTime },
      series: run.series,
      trades: emptyBacktestStats({ percentFee: config.percentFee, percentSlippage: config.percentSlippage, eventLimit: config.reportEventLimit }),
      partial: emptyPartialStats(config.reportEventLimit),
      schedule: emptyScheduleStats(config.reportEventLimit),
      risk: emptyRiskStats(config.reportEventLimit),
      closed: [],
    };
    this.runs.set(keyOf(run.symbol, run.strategyName), record);
    return (observed) => {
      // The `active` result of a run the data ended is no event of the reducers: nothing to count.
      if (observed.topic === "signal" && observed.event.action === "active") return;
      const effect = observed as EmitEffect;
      addTradeStats(record.trades, effect);
      addPartialStats(record.partial, effect);
      addScheduleStats(record.schedule, effect);
      addRiskStats(record.risk, effect);
      if (effect.topic === "signal" && effect.event.action === "closed") record.closed.push(effect.event);
    };
  }

  /** Starts a live instance's report afresh (as backtest-kit's Live does per run) and returns its observer. */
  startLive(run: { readonly symbol: string; readonly strategyName: string; readonly config: Config }): (effect: EmitEffect) => void {
    const { config } = run;
    const trades = emptyLiveStats({ percentFee: config.percentFee, percentSlippage: config.percentSlippage, eventLimit: config.reportEventLimit });
    this.liveRuns.set(keyOf(run.symbol, run.strategyName), trades);
    return (effect) => void addTradeStats(trades, effect);
  }

  live(symbol: string, strategyName: string): LiveStatistics {
    const trades = this.liveRuns.get(keyOf(symbol, strategyName));
    if (trades !== undefined) return liveStatistics(trades);
    this.knownStrategy("Live.getData", strategyName);
    throw new RegistrationError("Live.getData", [{ field: "symbol", value: symbol, rule: `has no live run of ${JSON.stringify(strategyName)} yet (run Live.run or Live.background first)` }]);
  }

  private knownStrategy(operation: string, strategyName: string): void {
    const names = this.strategyNames();
    if (names.includes(strategyName)) return;
    const listed = names.length === 0 ? "none is registered" : `registered: ${names.map((n) => JSON.stringify(n)).join(", ")}`;
    throw new RegistrationError(operation, [{ field: "strategyName", value: strategyName, rule: `is not a registered strategy (${listed})` }]);
  }

  private record(operation: string, symbol: string, strategyName: string): RunRecord {
    const record = this.runs.get(keyOf(symbol, strategyName));
    if (record !== undefined) return record;
    this.knownStrategy(operation, strategyName);
    throw new RegistrationError(operation, [{ field: "symbol", value: symbol, rule: `has no backtest of ${JSON.stringify(strategyName)} yet (run Backtest.run first)` }]);
  }

  backtest(symbol: string, strategyName: string): BacktestStatistics {
    const record = this.record("Backtest.getData", symbol, strategyName);
    return backtestStatistics(record.trades, record.period);
  }

  partial(symbol: string, strategyName: string): PartialStatistics {
    return partialStatistics(this.record("Partial.getData", symbol, strategyName).partial);
  }

  schedule(symbol: string, strategyName: string): ScheduleStatistics {
    return scheduleStatistics(this.record("Schedule.getData", symbol, strategyName).schedule);
  }

  risk(symbol: string, strategyName: string): RiskStatistics {
    return riskStatistics(this.record("Risk.getData", symbol, strategyName).risk);
  }

  /** Every closed signal of the pair's last run, oldest first. */
  trades(symbol: string, strategyName: string): ReadonlyArray<ClosedEvent> {
    return this.record("Backtest.getData", symbol, strategyName).closed;
  }

  markdown(kind: "backtest" | "live" | "partial" | "schedule" | "risk", symbol: string, strategyName: string): string {
    switch (kind) {
      case "live":
        return liveMarkdown(strategyName, this.live(symbol, strategyName));
      case "backtest":
        return backtestMarkdown(strategyName, this.backtest(symbol, strategyName));
      case "partial":
        return partialMarkdown(symbol, strategyName, this.partial(symbol, strategyName));
      case "schedule":
        return scheduleMarkdown(strategyName, this.schedule(symbol, strategyName));
      case "risk":
        return riskMarkdown(symbol, strategyName, this.risk(symbol, strategyName));
    }
  }

  /** The self-contained HTML report; `chartScript` is lightweight-charts' standalone build (core reads no files). */
  html(symbol: string, strategyName: string, chartScript: string): string {
    const record = this.record("Backtest.dump", symbol, strategyName);
    return backtestHtml({
      symbol,
      strategyName,
      statistics: backtestStatistics(record.trades, record.period),
      trades: record.closed,
      candles: record.series,
      period: record.period,
      partial: partialStatistics(record.partial),
      schedule: scheduleStatistics(record.schedule),
      chartScript,
    });
  }

  clear(): void {
    this.runs.clear();
    this.liveRuns.clear();
  }
}
