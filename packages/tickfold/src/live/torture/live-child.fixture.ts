import { closeSync, fsyncSync, openSync, writeSync } from "node:fs";
import { simulatedClock } from "@tickfold/core/engine";
import { candleFileExchange } from "../../candle-file-exchange.js";
import { createEngine } from "../../create-engine.js";
import { swing } from "../live.fixture.js";
import { fileLiveStorage } from "../file-storage.js";

/**
 * The live engine the crash torture kills: a live instance over recorded candles on a simulated
 * clock, with file storage under `dataDir`, and a durable consumer that appends every delivered
 * event (topic, id, payload) to `deliveryLog` with an fsync before it returns, so an event the
 * engine saw delivered is on disk. Prints `recovering` (the engine starts) and `done` once the simulated clock reached `end`.
 */
const [dataDir, candleFile, deliveryLog, startText, endText, selfKillText = "0"] = process.argv.slice(2);
/** When > 0: SIGKILL itself right after the consumer made its n-th event of this run durable, before the engine acknowledges it. */
const selfKillAfter = Number(selfKillText);
let consumed = 0;
if (dataDir === undefined || candleFile === undefined || deliveryLog === undefined || startText === undefined || endText === undefined) {
  throw new Error("usage: live-child <dataDir> <candleFile> <deliveryLog> <start ms> <end ms>");
}
const say = (line: string): void => void process.stdout.write(`${line}\n`);

const clock = simulatedClock(Number(startText), { end: Number(endText) });
const engine = createEngine({ clock, storage: fileLiveStorage({ baseDir: dataDir }) });
engine.setConfig({ historyMinutes: 60 });
engine.addExchange(candleFileExchange({ exchangeName: "recorded", files: { BTCUSDT: candleFile } }));
engine.addStrategy({
  strategyName: "swing",
  interval: "15m",
  getSignal: (symbol, when, price) => swing(symbol, when.getTime(), price),
});

const log = openSync(deliveryLog, "a");
const consume = (topic: string) => (event: { id: string }) => {
  writeSync(log, `${JSON.stringify({ topic, id: event.id, payload: event })}\n`);
  fsyncSync(log);
  consumed += 1;
  if (consumed === selfKillAfter) process.kill(process.pid, "SIGKILL");
};
engine.listenSignal(consume("signal") as never);
engine.listenPartialProfit(consume("partialProfit"));
engine.listenPartialLoss(consume("partialLoss"));
engine.listenExit((event) => {
  say(`exit ${event.message}`);
  process.exit(2);
});

say("recovering");
engine.Live.background("BTCUSDT", { strategyName: "swing", exchangeName: "recorded" });
await clock.ended;
closeSync(log);
say("done");
process.exit(0);
