import { median as medianOf, type Measurement } from "./measure.js";
import type { Outcomes } from "./outcomes.js";

/** One contestant's figures; speeds in candles per second, ratios = how many times slower than the loop. */
export interface Figures extends Outcomes {
  readonly name: string;
  readonly candlesPerSecond: number;
  readonly candlesPerSecondMedian: number;
  readonly timesSlowerThanLoop: number;
  readonly timesSlowerThanLoopMedian: number;
  /** CPU milliseconds of the fastest and the median run (by CPU time). */
  readonly cpuMsBest: number;
  readonly cpuMsMedian: number;
}

export const figuresOf = (measurements: ReadonlyArray<Measurement>, loopName: string): Figures[] => {
  const speeds = (m: Measurement) => {
    const perSecond = (ms: number) => m.outcomes.candles / (ms / 1000);
    return { best: perSecond(Math.min(...m.runsMs)), median: perSecond(medianOf(m.runsMs)) };
  };
  const loop = measurements.find((m) => m.name === loopName);
  if (loop === undefined) throw new Error(`No contestant named ${loopName} to compare with`);
  const floor = speeds(loop);
  return measurements.map((m) => {
    const { best, median } = speeds(m);
    return {
      name: m.name,
      ...m.outcomes,
      candlesPerSecond: best,
      candlesPerSecondMedian: median,
      timesSlowerThanLoop: floor.best / best,
      timesSlowerThanLoopMedian: floor.median / median,
      cpuMsBest: Math.min(...m.cpuMs),
      cpuMsMedian: medianOf(m.cpuMs),
    };
  });
};

/** `--json`: one object per contestant and line, in the field order of issue #2, then the extras. */
export const jsonLines = (figures: ReadonlyArray<Figures>): string =>
  figures
    .map((f) =>
      JSON.stringify({
        name: f.name,
        candles: f.candles,
        candlesPerSecond: Math.round(f.candlesPerSecond),
        closed: f.closed,
        takeProfit: f.takeProfit,
        stopLoss: f.stopLoss,
        timeExpired: f.timeExpired,
        rejected: f.rejected,
        sumPnl: f.sumPnl,
        milestones: f.milestones,
        candlesPerSecondMedian: Math.round(f.candlesPerSecondMedian),
        timesSlowerThanLoop: round2(f.timesSlowerThanLoop),
        timesSlowerThanLoopMedian: round2(f.timesSlowerThanLoopMedian),
        cpuMsBest: round2(f.cpuMsBest),
        cpuMsMedian: round2(f.cpuMsMedian),
      }),
    )
    .join("\n");

const round2 = (x: number): number => Math.round(x * 100) / 100;
const millions = (perSecond: number): string => `${(perSecond / 1e6).toFixed(2)} M`;
/** A ratio of run times against the loop, as "2.7× slower" or, for the bare floor, "1.3× faster". */
const versusLoop = (ratio: number): string => (ratio >= 1 ? `${ratio.toFixed(1)}× slower` : `${(1 / ratio).toFixed(1)}× faster`);

export interface RunDescription {
  readonly frame: string;
  readonly warmupRounds: number;
  readonly timedRounds: number;
  readonly loopName: string;
  /** Whether each contestant ran on a thread of its own (its own heap and JIT feedback). */
  readonly isolated: boolean;
  /** os.loadavg() at the start and the end, as printed. */
  readonly loadAverage: string;
}

/** The product's cost over the bare fold it drives (issue #6's goal: within 1.5×). */
const engineLine = (figures: ReadonlyArray<Figures>): string[] => {
  const fold = figures.find((f) => f.name === "fold");
  const engine = figures.find((f) => f.name === "Backtest.run");
  if (fold === undefined || engine === undefined) return [];
  const best = fold.candlesPerSecond / engine.candlesPerSecond;
  const median = fold.candlesPerSecondMedian / engine.candlesPerSecondMedian;
  const cpu = { best: engine.cpuMsBest / fold.cpuMsBest, median: engine.cpuMsMedian / fold.cpuMsMedian };
  return [
    `Backtest.run (events on the bus, one subscriber) takes ${best.toFixed(2)}× the fold's time on best runs, ${median.toFixed(2)}× on medians (goal ≤ 1.5×)`,
    `Backtest.run in CPU time: ${cpu.best.toFixed(2)}× the fold's on best runs, ${cpu.median.toFixed(2)}× on medians (best runs ${engine.cpuMsBest.toFixed(1)} vs ${fold.cpuMsBest.toFixed(1)} CPU-ms)`,
  ];
};

export const textReport = (figures: ReadonlyArray<Figures>, run: RunDescription): string => {
  const header = ["contestant", "best candles/s", "median candles/s", `best vs ${run.loopName}`, `median vs ${run.loopName}`];
  const rows = figures.map((f) => [
    f.name,
    millions(f.candlesPerSecond),
    millions(f.candlesPerSecondMedian),
    f.name === run.loopName ? "—" : versusLoop(f.timesSlowerThanLoop),
    f.name === run.loopName ? "—" : versusLoop(f.timesSlowerThanLoopMedian),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: ReadonlyArray<string>) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("   ");
  const o = figures[0]!;
  const withoutMilestones = figures.filter((f) => f.milestones === null).map((f) => f.name);
  return [
    "Lifecycle benchmark: hourly long, TP = previous close × 1.01, SL = × 0.99, 240 min, default config",
    `frame ${run.frame}, ${o.candles.toLocaleString("en-US")} candles; ${run.warmupRounds} warm-up + ${run.timedRounds} timed runs each, interleaved${run.isolated ? ", each contestant on a thread of its own" : ", all in one thread"}; load average ${run.loadAverage}`,
    "",
    line(header),
    ...rows.map(line),
    "",
    `outcomes (identical for all ${figures.length}): closed ${o.closed} (take_profit ${o.takeProfit}, stop_loss ${o.stopLoss}, time_expired ${o.timeExpired}), rejected ${o.rejected}, sum PnL ${o.sumPnl.toFixed(6)} %`,
    `milestones (SPEC §5): ${o.milestones ?? "—"} partial profit/loss events${withoutMilestones.length > 0 ? `, identical for all but ${withoutMilestones.join(", ")}, which skips them` : ""}`,
    ...engineLine(figures),
    `note: the library contestants build and keep every event and state; ${run.loopName} applies the same rules to a few numbers and only counts.`,
  ].join("\n");
};
