/**
 * A live worker: `<redis url> <namespace> <candles.json> <lease ms> <epoch ms> <ms per minute> <max owned> <symbol>…`.
 * One engine, `createEngine({ storage: redisLiveStorage(…) })`, runs `Live.run` for every instance
 * (symbol × strategy "cluster") whose lease it gets, up to <max owned> at a time so the instances
 * spread over the workers, and tries the others again every round. All workers share one clock:
 * market time starts at the first candle at the real time <epoch ms> and runs one minute per
 * <ms per minute>, so a worker started later (a restart) agrees on "now" and takes an instance
 * over where its committed state ends. It prints one line per fact, read by cluster.test.ts:
 *   owner <symbol> <token> <state>                           recovered (what it restored, base64url JSON)
 *   redeliver <symbol> <event id> <payload digest>           a committed, undelivered event it delivers again
 *   commit <symbol> <token> <stream ids> <event ids> <state>  a commit landed (the stored state after it, likewise)
 *   lost <symbol> <token> fenced|superseded|released         the instance stopped: another owner has it
 *   done <symbol>                                            the last candle is durable
 *   error <symbol> <message>                                 anything else (the test fails on it)
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { candleSeries, seriesWindow, type Candle } from "@tickfold/core";
import { recoveredInstance, type LiveJournal, type LiveMeta, type LiveStorage } from "@tickfold/core/engine";
import { planWrites } from "@tickfold/persist";
import { connectRedis, LeaseHeldError, LeaseLostError, redisLiveStorage, type RedisLiveStorage } from "@tickfold/redis";
import { createEngine } from "tickfold";

const [url, namespace, candlesPath, leaseMs, epochText, msPerMinuteText, maxOwned, ...symbols] = process.argv.slice(2) as [string, string, string, string, string, string, string, ...string[]];
const candles = JSON.parse(readFileSync(candlesPath, "utf8")) as Candle[];
const series = candleSeries(candles);
const LAST = candles.at(-1)!.timestamp;
const say = (line: string) => process.stdout.write(`${line}\n`);

// The shared clock: real time since the epoch, sped up; timers and sleeps shrink with it.
const MINUTE = 60_000;
const epoch = Number(epochText);
const speed = MINUTE / Number(msPerMinuteText);
const marketStart = candles[0]!.timestamp + 30 * MINUTE;
const clock = {
  now: () => marketStart + (Date.now() - epoch) * speed,
  setTimer: (fn: () => void, ms: number) => {
    const timer = setTimeout(fn, ms / speed);
    return () => clearTimeout(timer);
  },
  sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms / speed)),
};

const redis = await connectRedis(url);
const storage = redisLiveStorage({ redis, namespace, leaseMs: Number(leaseMs), owner: `worker-${process.pid}` });

/** What an instance's stored state restores to, as one word (base64url of canonical JSON): the take-over check compares them and shows both when they differ. */
const textDigest = (text: string): string => createHash("sha1").update(text).digest("hex").slice(0, 16);
const stateWord = (value: unknown): string => Buffer.from(canonical(value)).toString("base64url");
const canonical = (value: unknown): string =>
  Array.isArray(value)
    ? `[${value.map(canonical).join(",")}]`
    : typeof value === "object" && value !== null
      ? `{${Object.keys(value)
          .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
          .sort()
          .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
          .join(",")}}`
      : JSON.stringify(value);

/** This worker's model of each owned instance's stored files, kept by applying its commits. */
interface Model {
  token: number;
  files: { signal: { id: string } | null; schedule: unknown; partial: Record<string, unknown> };
  lastTick: number;
  done: boolean;
}
const models = new Map<string, Model>();

/** The Redis storage, watched: each fact goes to stdout as it lands. Strategy code is untouched by it. */
const watched: LiveStorage = {
  ...storage,
  recover: async (pair, params) => {
    const recovered = await (storage as RedisLiveStorage).recover(pair, params);
    const { signal, schedule, milestones } = recovered.restored as { signal: { id: string } | null; schedule: unknown; milestones?: unknown };
    models.set(pair.symbol, { token: recovered.token, files: { signal, schedule, partial: signal !== null && milestones !== undefined ? { [signal.id]: milestones } : {} }, lastTick: -Infinity, done: false });
    say(`owner ${pair.symbol} ${recovered.token} ${stateWord({ restored: recovered.restored, cursor: recovered.cursor })}`);
    // What the previous owner committed but had not delivered: the runner delivers it here again.
    for (const record of recovered.redeliver) for (const event of record.events) say(`redeliver ${pair.symbol} ${event.id} ${textDigest(JSON.stringify(event.payload))}`);
    return recovered;
  },
  openJournal: async (pair, params) => {
    const journal = await storage.openJournal(pair, params);
    const model = models.get(pair.symbol)!;
    const markDone = () => {
      if (!model.done && model.lastTick >= LAST) {
        model.done = true;
        say(`done ${pair.symbol}`);
      }
    };
    const watchedJournal: LiveJournal = {
      append: (entry) => {
        journal.append(entry);
        if (entry.type === "input" && entry.input.kind === "tick") model.lastTick = entry.input.time;
      },
      flush: async () => {
        await journal.flush();
        markDone();
      },
      close: () => journal.close(),
    };
    journals.set(watchedJournal, { journal, markDone });
    return watchedJournal;
  },
  commit: async (effect, meta: LiveMeta, journal) => {
    const own = journals.get(journal)!;
    const record = await storage.commit(effect, meta, own.journal);
    const model = models.get(effect.symbol)!;
    for (const change of effect.changes) {
      for (const write of planWrites(change)) {
        if (write.target === "signal") model.files.signal = write.value;
        else if (write.target === "schedule") model.files.schedule = write.value;
        else if (write.target === "partial") model.files.partial = milestonesWith(model.files.partial, write.signalId, write.levels);
      }
    }
    const stored = recoveredInstance(model.files, meta, []);
    const events = record.events.map((e) => e.id);
    say(`commit ${effect.symbol} ${record.token} ${record.streamIds.join(",") || "-"} ${events.join(",") || "-"} ${stateWord({ restored: stored.restored, cursor: stored.cursor })}`);
    own.markDone();
    return record;
  },
};
/** The milestone file after one write (null removes the signal's entry), as this worker models it to print. */
const milestonesWith = (file: Readonly<Record<string, unknown>>, signalId: string, levels: unknown): Record<string, unknown> => {
  const { [signalId]: _replaced, ...others } = file;
  return levels === null ? others : { ...others, [signalId]: levels };
};
const journals = new WeakMap<LiveJournal, { journal: LiveJournal; markDone: () => void }>();

const engine = createEngine({ clock, storage: watched });
engine.setConfig({ historyMinutes: 30, avgPriceCandles: 3 });
engine.addExchange({
  exchangeName: "recorded",
  getCandleSeries: (_symbol, from, to) => seriesWindow(series, from, to),
  getCandles: (_symbol, _interval, since, limit) => candles.filter((c) => c.timestamp >= since.getTime()).slice(0, limit),
});
// A long whenever it is asked, take profit and stop loss 0.6 % away (above the fees' floor).
engine.addStrategy({
  strategyName: "cluster",
  interval: "1m",
  getSignal: (_symbol, _when, price) => ({ position: "long", priceTakeProfit: price * 1.006, priceStopLoss: price * 0.994, minuteEstimatedTime: 60 }),
});

const running = new Set<string>();
const start = (symbol: string): void => {
  running.add(symbol);
  void (async () => {
    try {
      for await (const _ of engine.Live.run(symbol, { strategyName: "cluster", exchangeName: "recorded" })) {
        // Results go to the bus; the stream carries them to the other processes.
      }
    } catch (error) {
      const cause = (error as Error).cause;
      if (cause instanceof LeaseLostError) say(`lost ${symbol} ${cause.token} ${cause.loss}`);
      else if (!(cause instanceof LeaseHeldError)) say(`error ${symbol} ${(error as Error).message.replaceAll("\n", " ")}`);
    } finally {
      running.delete(symbol);
    }
  })();
};

// Each round tries the instances from a different one, so a held instance never starves a free one.
for (let round = 0; ; round++) {
  for (let i = 0; i < symbols.length; i++) {
    const symbol = symbols[(round + i) % symbols.length]!;
    if (!running.has(symbol) && running.size < Number(maxOwned)) start(symbol);
  }
  await new Promise((resolve) => setTimeout(resolve, 50));
}
