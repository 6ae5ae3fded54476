/**
 * `pnpm bench:replay`: replay throughput on a journal of one million inputs (issue #10's goal:
 * ≥ 2 M inputs/s), end to end: `replayJournal` of the journal file's bytes, as `pnpm replay` reads
 * it, to its final state and every effect. Measured against a bare `JSON.parse` of the same lines
 * in the same run, and also from the journal's lines (as Redis holds them). The fingerprint is
 * timed apart: `pnpm replay` prints it, but it hashes the outcome, not the inputs. The script is
 * bundled with esbuild and run by plain node (tsx's per-function wrappers cost a third of the
 * fold). Rounds run back to back, as a service replaying journals would run them: a forced
 * collection between rounds measured slower, because V8 then finds its old generation mostly
 * dead and throws away its allocation-site decisions and the code that depends on them. The journal is a live session (live-mode params, every minute a
 * price tick, the embed demo's rotating strategy and risk desk) over a seeded random walk, so it
 * holds every kind of input and event, and an event every seven inputs.
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
  type JournalReplay,
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
const TIMED_ROUNDS = 5;

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

/** The journal as its file holds it; the entries and lines it was written from are let go. */
const bytes = new TextEncoder().encode(`${recordJournal().map(encodeJournalLine).join("\n")}\n`);

interface Timing<T> {
  readonly best: number;
  readonly median: number;
  readonly result: T;
}

/** Best and median seconds of `run` over the timed rounds (after warm-up), and its last result. */
const timed = <T>(run: () => T): Timing<T> => {
  let result: T = run();
  for (let i = 1; i < WARMUP_ROUNDS; i++) result = run();
  const seconds: number[] = [];
  for (let i = 0; i < TIMED_ROUNDS; i++) {
    const start = performance.now();
    result = run();
    seconds.push((performance.now() - start) / 1000);
  }
  seconds.sort((a, b) => a - b);
  return { best: seconds[0]!, median: seconds[Math.floor(seconds.length / 2)]!, result };
};

const fromBytes = timed(() => replayJournal(bytes));
const lines = new TextDecoder().decode(bytes).split("\n").slice(0, -1);
const fromLines = timed(() => replayJournal(lines));
const reference = timed(() => {
  let n = 0;
  for (const line of lines) if (JSON.parse(line) !== null) n++;
  return n;
});
/** The least any reader of the file does: look at each byte once (here, counting the lines). */
const countLines = (data: Uint8Array): number => {
  let n = 0;
  for (let i = 0; i < data.length; i++) if (data[i] === 10) n++;
  return n;
};
const everyByte = timed(() => countLines(bytes));
const parsed = timed(() => parseJournal(bytes).length);
const hashed = timed(() => fingerprintReplay(fromBytes.result));
const agree = (replay: JournalReplay) => fingerprintReplay(replay) === hashed.result;
if (!agree(fromLines.result) || !agree(replayJournal(parseJournal(bytes).map(encodeJournalLine)))) throw new Error("replay bench: the replays disagree; their speeds mean nothing");
const canonicalBytes = Buffer.byteLength(serializeReplay(fromBytes.result), "utf8");

const rate = (seconds: number) => `${(INPUTS / seconds / 1e6).toFixed(2)} M inputs/s`;
const rates = (t: Timing<unknown>) => `${rate(t.best)} best, ${rate(t.median)} median`;
const times = (t: Timing<unknown>) => `${(t.median / reference.median).toFixed(2)}× the reference's time`;
const GOAL = 2e6;
const verdict = INPUTS / fromBytes.median >= GOAL ? "met" : INPUTS / fromBytes.best >= GOAL ? "met on the best round, not on the median" : "not met";
const events = fromBytes.result.effects.length;
const [load] = loadAverage();
process.stdout.write(
  [
    `replay bench: ${INPUTS.toLocaleString("en")} inputs, ${(bytes.length / 1e6).toFixed(0)} MB of JSONL, ${events.toLocaleString("en")} effects; ${TIMED_ROUNDS} rounds after ${WARMUP_ROUNDS} warm-up; load average ${load!.toFixed(2)} on ${availableParallelism()} cores`,
    `  JSON.parse of each line (reference)       ${rates(reference)}`,
    `  a loop reading each byte once             ${rates(everyByte)}  (${times(everyByte)}: the floor of any reader of these ${(bytes.length / 1e6).toFixed(0)} MB)`,
    `  parseJournal (entries, for inspection)    ${rates(parsed)}  (${times(parsed)})`,
    `  replayJournal of the journal's lines      ${rates(fromLines)}  (${times(fromLines)})`,
    `  replayJournal of the file's bytes         ${rates(fromBytes)}  (${times(fromBytes)})`,
    `replay throughput (the file's bytes to the final state and every effect, as pnpm replay reads them): ${rates(fromBytes)}; goal ≥ 2 M inputs/s on the median: ${verdict}`,
    `  fingerprintReplay (SHA-256, apart)        ${hashed.median.toFixed(3)} s over ${(canonicalBytes / 1e6).toFixed(0)} MB of canonical JSON (${(canonicalBytes / 1e6 / hashed.median).toFixed(0)} MB/s)`,
  ].join("\n") + "\n",
);
