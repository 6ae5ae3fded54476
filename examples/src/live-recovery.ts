/**
 * `pnpm live-recovery`: a live session over a recorded day of BTCUSDT candles with file storage,
 * killed with SIGKILL in the middle of an open position, then restarted. It prints the position
 * and milestones the restart restored, and compares what its durable consumer received with an
 * uncrashed run of the same day: nothing lost, nothing under a new id, redeliveries only with the
 * same id. Each session is a child process (this file with `child <dir> <mode>`).
 */
import { spawnSync } from "node:child_process";
import { closeSync, fsyncSync, mkdtempSync, openSync, readFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { candleFileExchange, createEngine, fileLiveStorage, simulatedClock } from "tickfold";

const CANDLES = fileURLToPath(new URL("../data/BTCUSDT-1m-backtest_and_deploy.csv.gz", import.meta.url));
const DAY = Date.parse("2025-03-02T00:00:00Z");
const PAIR = { symbol: "BTCUSDT", strategyName: "swing" } as const;

interface Delivered {
  readonly topic: string;
  readonly id: string;
  readonly payload: { readonly action?: string; readonly level?: number };
}

/** One live session: `kill` dies (SIGKILL) right after its first milestone reached the consumer; `resume` and `whole` run to the day's end. */
const session = async (dir: string, mode: "kill" | "resume" | "whole"): Promise<void> => {
  const clock = simulatedClock(DAY + 60_000, { end: DAY + 24 * 60 * 60_000 + 60_000 });
  const storage = fileLiveStorage({ baseDir: dir });
  const engine = createEngine({ clock, storage });
  engine.addExchange(candleFileExchange({ exchangeName: "recorded", files: { BTCUSDT: CANDLES } }));
  engine.addStrategy({
    strategyName: "swing",
    interval: "15m",
    getSignal: (_symbol, _when, price) => {
      const long = Math.floor(price) % 2 === 0;
      return { position: long ? "long" : "short", priceTakeProfit: price * (long ? 1.006 : 0.994), priceStopLoss: price * (long ? 0.995 : 1.005), minuteEstimatedTime: 120 };
    },
    callbacks: {
      onActive: (symbol, signal) => console.log(`restored: open ${signal.position} position ${signal.id} on ${symbol}, entry ${signal.priceOpen.toFixed(2)}`),
    },
  });
  const log = openSync(join(dir, "delivered.jsonl"), "a");
  const consume = (topic: string) => (event: { id: string }) => {
    writeSync(log, `${JSON.stringify({ topic, id: event.id, payload: event })}\n`);
    fsyncSync(log);
    // Killed after the consumer has it but before it is acknowledged: the restart must redeliver it.
    if (mode === "kill" && topic !== "signal") process.kill(process.pid, "SIGKILL");
  };
  engine.listenSignal(consume("signal") as never);
  engine.listenPartialProfit(consume("partialProfit"));
  engine.listenPartialLoss(consume("partialLoss"));
  engine.listenExit((event) => {
    console.error(event.message);
    process.exit(2);
  });
  if (mode === "resume") {
    const params = { ...PAIR, exchangeName: "recorded", backtest: false, config: engine.getConfig(), intervalMs: 15 * 60_000, endDate: Infinity, riskNames: [], progressCallbacks: false };
    const { restored, redeliver } = await storage.recover(PAIR, params);
    const levels = (restored.milestones ?? { profitLevels: [], lossLevels: [] }) as { profitLevels: number[]; lossLevels: number[] };
    console.log(`restored: milestones reached profit [${levels.profitLevels.join(", ")}] loss [${levels.lossLevels.join(", ")}]; ${redeliver.length} committed record(s) to redeliver`);
  }
  engine.Live.background(PAIR.symbol, { strategyName: PAIR.strategyName, exchangeName: "recorded" });
  await clock.ended;
  closeSync(log);
};

const received = (dir: string): Delivered[] =>
  readFileSync(join(dir, "delivered.jsonl"), "utf8")
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as Delivered);

const child = (dir: string, mode: string): ReturnType<typeof spawnSync> =>
  spawnSync(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "child", dir, mode], { stdio: ["ignore", "inherit", "inherit"] });

if (process.argv[2] === "child") {
  await session(process.argv[3]!, process.argv[4] as "kill" | "resume" | "whole");
  process.exit(0);
} else {
  const crashed = mkdtempSync(join(tmpdir(), "live-recovery-"));
  const killed = child(crashed, "kill");
  const before = received(crashed);
  const opened = before.find((e) => e.payload.action === "opened");
  console.log(`killed: ${killed.signal} after ${before.length} events (position ${opened?.id ?? "none"} open, milestone ${before.at(-1)?.id})`);
  child(crashed, "resume");
  const whole = mkdtempSync(join(tmpdir(), "live-recovery-whole-"));
  child(whole, "whole");

  const got = received(crashed);
  const expected = received(whole);
  const firstSeen = new Map<string, string>();
  let redelivered = 0;
  let duplicated = 0;
  for (const event of got) {
    const text = JSON.stringify(event);
    const earlier = firstSeen.get(event.id);
    if (earlier === undefined) firstSeen.set(event.id, text);
    else if (earlier === text) redelivered += 1;
    else duplicated += 1;
  }
  const expectedIds = new Set(expected.map((e) => e.id));
  duplicated += [...firstSeen.keys()].filter((id) => !expectedIds.has(id)).length;
  const lost = expected.filter((e) => firstSeen.get(e.id) !== JSON.stringify(e)).length;
  console.log(`live recovery: events=${expected.length} received=${got.length} redelivered=${redelivered} lost=${lost} duplicated=${duplicated}`);
  if (killed.signal !== "SIGKILL" || lost > 0 || duplicated > 0 || redelivered === 0) process.exit(1);
}
