import { replayLifecycle, runBacktestSync, type Effect } from "@tickfold/core";
import { describe, expect, it } from "vitest";
import { YEAR_OF_BTC, loadCandles } from "../lib/load-candles.js";
import { EMBED_SCENARIO, embedAnswers, recordEmbedScenario } from "./scenario.js";

type Emitted = Extract<Effect, { type: "emit" }>;
const { stopAt, ...setup } = EMBED_SCENARIO;
/** `runBacktest` has no user stop: the two runs agree up to it and part there. Unstamped events are kept. */
const beforeStop = (emitted: ReadonlyArray<Emitted>): Emitted[] =>
  emitted.filter((e) => (e.event.timestamp ?? Number.NEGATIVE_INFINITY) < stopAt);

describe("recordReplay", () => {
  it("records what the backtest driver feeds the reducer: same events until the user stops", () => {
    const series = loadCandles(YEAR_OF_BTC);
    const recording = recordEmbedScenario(series);
    const replayed = replayLifecycle(recording.inputs, recording.params).effects.filter((e): e is Emitted => e.type === "emit");
    const backtest = runBacktestSync(series, {
      ...setup,
      getSignal: (_symbol, when, price) => embedAnswers.proposal(when, price),
      risk: { riskNames: ["desk"], answer: embedAnswers.risk },
    });
    expect(beforeStop(replayed).length).toBeGreaterThan(100);
    expect(beforeStop(replayed)).toEqual(beforeStop(backtest.emitted));
  });
});
