/**
 * `pnpm bench:replay`: replay throughput on a journal of one million inputs (issue #10's goal:
 * ≥ 2 M inputs/s, measured against the end-to-end figure: parseJournal then replayJournal), against
 * a bare `JSON.parse` of the same lines measured in the same run. The fingerprint is timed apart:
 * `pnpm replay` prints it, but it hashes the outcome, not the inputs. The script is bundled with
 * esbuild and run by plain node (tsx's per-function wrappers cost a third of the fold). The
 * journal is a live session (live-mode params, every minute a price tick, the embed demo's rotating
 * strategy and risk desk) over a seeded random walk, so it holds every kind of input and event.
 */
import {
  ConfigError,
  encodeJournalLine,
  fingerprintReplay,
  parseJournal,
  replayJournal,
  serializeReplay,
  stepLifecycle,
  initialLifecycle,
  validateConfig,
  type Effect,
  type JournalEntry,
  type LifecycleInput,
  type LifecycleParams,
  type LifecycleState,
} from "@tickfold/core";
import { availableParallelism, loadavg as loadAverage } from "node:os";
import { quarterlyRefusingRisk, rotatingStrategy } from "../../examples/src/embed/strategy.js";

const INPUTS = 1_000_000;
const WARMUP_ROUNDS = 1;
const TIMED_ROUNDS = 3;

const config = validateConfig({ scheduleAwaitMinutes: 60, minStopLossDistancePercent: 0.1 });
if (config._tag === "Left") throw new ConfigError(config.left);
const params: LifecycleParams = {
  symbol: "BTCUSDT",
  strategyName: "rotating",
  exchangeName: "binance",
  backtest: false,
  config: config.right,
  intervalMs: 15 * 60_000,
  endDate: Number.POSITIVE_INFINITY,
  riskNames: ["desk"],
  progressCallbacks: false,
};

/** A seeded walk (xorshift32), so every run replays the same journal. */
const recordJournal = (): JournalEntry[] => {
  const entries: JournalEntry[] = [{ type: "header", format: "tickfold-journal", version: 1, params }];
  const strategy = rotatingStrategy(params.intervalMs);
  let seed = 0x9e3779b9;
  const random = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 0x1_0000_0000;
  };
  let state: LifecycleState = initialLifecycle();
  const feed = (input: LifecycleInput): ReadonlyArray<Effect> => {
    entries.push({ type: "input", input });
    const [next, effects] = stepLifecycle(state, input, params);
    state = next;
    return effects;
  };
  let price = 80_000;
  let before = Number.NaN;
  for (let minute = 0; entries.length <= INPUTS; minute++) {
    price *= 1 + (random() - 0.5) * 0.002;
    const time = Date.UTC(2025, 0, 1) + minute * 60_000;
    let produced = feed({ kind: "tick", time, low: price * 0.9995, high: price * 1.0005, price, priceBefore: before });
    before = price;
    for (let request = produced.find(isRequest); request !== undefined && entries.length <= INPUTS; request = produced.find(isRequest)) {
      produced = feed(request.type === "requestProposal" ? { kind: "proposal", proposal: strategy(request.time, request.price) } : { kind: "risk", allowed: quarterlyRefusingRisk(request) });
    }
  }
  return entries.slice(0, INPUTS + 1);
};
const isRequest = (effect: Effect): effect is Extract<Effect, { type: "requestProposal" | "checkRisk" }> => effect.type === "requestProposal" || effect.type === "checkRisk";

const lines = recordJournal().map(encodeJournalLine);
const bytes = lines.reduce((sum, line) => sum + line.length + 1, 0);

/** Median seconds of `run` over the timed rounds (after warm-up), and its last result. */
const timed = <T>(run: () => T): { seconds: number; result: T } => {
  let result: T = run();
  for (let i = 1; i < WARMUP_ROUNDS; i++) result = run();
  const seconds: number[] = [];
  for (let i = 0; i < TIMED_ROUNDS; i++) {
    const start = performance.now();
    result = run();
    seconds.push((performance.now() - start) / 1000);
  }
  seconds.sort((a, b) => a - b);
  return { seconds: seconds[Math.floor(seconds.length / 2)]!, result };
};

const reference = timed(() => {
  let n = 0;
  for (const line of lines) if (JSON.parse(line) !== null) n++;
  return n;
});
const parsed = timed(() => parseJournal(lines));
const folded = timed(() => replayJournal(parsed.result));
const whole = timed(() => replayJournal(parseJournal(lines)));
const hashed = timed(() => fingerprintReplay(whole.result));
if (fingerprintReplay(folded.result) !== hashed.result) throw new Error("replay bench: the two replays disagree; their speeds mean nothing");
const canonicalBytes = Buffer.byteLength(serializeReplay(whole.result), "utf8");

const rate = (seconds: number) => `${(INPUTS / seconds / 1e6).toFixed(2)} M inputs/s`;
const events = whole.result.effects.length;
const [load] = loadAverage();
process.stdout.write(
  [
    `replay bench: ${INPUTS.toLocaleString("en")} inputs, ${(bytes / 1e6).toFixed(0)} MB of JSONL, ${events.toLocaleString("en")} effects; median of ${TIMED_ROUNDS} rounds after ${WARMUP_ROUNDS} warm-up; load average ${load!.toFixed(2)} on ${availableParallelism()} cores`,
    `  JSON.parse of each line (reference)   ${rate(reference.seconds)}  (${reference.seconds.toFixed(3)} s)`,
    `  parseJournal (decode + validate)      ${rate(parsed.seconds)}  (${(parsed.seconds / reference.seconds).toFixed(2)}× the reference's time)`,
    `  replayJournal (fold of parsed lines)  ${rate(folded.seconds)}`,
    `  replay throughput, parse + fold       ${rate(whole.seconds)}  (${(whole.seconds / reference.seconds).toFixed(2)}× the reference's time)  ← the figure the goal (≥ 2 M inputs/s) is measured on: ${INPUTS / whole.seconds >= 2e6 ? "met" : "not met"}`,
    `  fingerprintReplay (SHA-256, apart)    ${hashed.seconds.toFixed(3)} s over ${(canonicalBytes / 1e6).toFixed(0)} MB of canonical JSON (${(canonicalBytes / 1e6 / hashed.seconds).toFixed(0)} MB/s)`,
  ].join("\n") + "\n",
);
