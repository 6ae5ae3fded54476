/**
 * `pnpm bench:report [--json]`: the cost of the year's reports (issue #11). The demo's backtest
 * of the shipped year runs once; then, interleaved round by round, each contestant turns its
 * emitted events into a report, and each is printed as a ratio to JSON.stringify of the same
 * events (the cheapest way to put them on disk at all), measured in the same rounds.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadChartScript } from "tickfold";
import { backtestYear, foldReports, yearReport } from "../../examples/src/report/year-report.js";

const WARMUP_ROUNDS = 3;
const TIMED_ROUNDS = 9;

const { candles, result } = backtestYear();
const chartScript = loadChartScript();
const dir = mkdtempSync(join(tmpdir(), "tickfold-report-bench-"));

interface Contestant {
  readonly name: string;
  readonly what: string;
  /** Returns something derived from the work, so nothing is optimised away. */
  readonly run: () => number;
}

const REFERENCE = "json";
const contestants: Contestant[] = [
  { name: REFERENCE, what: "JSON.stringify of the run's emitted events (reference)", run: () => JSON.stringify(result.emitted).length },
  {
    name: "statistics",
    what: "fold every event into the Backtest, Partial and Schedule statistics",
    run: () => foldReports(result).statistics.totalSignals,
  },
  {
    name: "statistics+markdown+html",
    what: "fold every event into the Backtest, Partial and Schedule reports, build the markdown and the HTML page",
    run: () => {
      const r = yearReport(candles, result, chartScript);
      return r.markdown.length + r.html.length;
    },
  },
  {
    name: "dump",
    what: "the same, then write the .md and .html files",
    run: () => {
      const r = yearReport(candles, result, chartScript);
      writeFileSync(join(dir, "hourly-momentum.md"), r.markdown);
      writeFileSync(join(dir, "hourly-momentum.html"), r.html);
      return r.html.length;
    },
  },
];

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

const times = new Map<string, number[]>(contestants.map((c) => [c.name, []]));
let sink = 0;
for (let round = 0; round < WARMUP_ROUNDS + TIMED_ROUNDS; round++) {
  for (const c of contestants) {
    const start = performance.now();
    sink += c.run();
    const ms = performance.now() - start;
    if (round >= WARMUP_ROUNDS) times.get(c.name)!.push(ms);
  }
}
rmSync(dir, { recursive: true, force: true });

const reference = median(times.get(REFERENCE)!);
const closed = result.emitted.filter((e) => e.topic === "signal" && e.event.action === "closed").length;
const figures = contestants.map((c) => {
  const ms = median(times.get(c.name)!);
  return { name: c.name, medianMs: Number(ms.toFixed(2)), ratioToJson: Number((ms / reference).toFixed(2)), what: c.what };
});

if (process.argv.slice(2).includes("--json")) {
  process.stdout.write(`${figures.map((f) => JSON.stringify({ ...f, events: result.emitted.length, closedSignals: closed })).join("\n")}\n`);
} else {
  const lines = [
    `report bench: ${result.emitted.length} emitted events (${closed} closed signals) of the demo's year, ${candles.length} candles; median of ${TIMED_ROUNDS} rounds after ${WARMUP_ROUNDS} warm-up`,
    ...figures.map((f) => `  ${f.name.padEnd(26)} ${f.medianMs.toFixed(1).padStart(8)} ms   ×${f.ratioToJson.toFixed(2)} of json   ${f.what}`),
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}
if (sink === 0) process.exit(2);
