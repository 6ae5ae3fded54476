import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../model/config.js";
import { emittedEvents } from "../effects.js";
import { replayLifecycle } from "../replay.js";
import type { LifecycleInput, LifecycleParams } from "./state.js";
import { minute } from "./scenario.fixture.js";

const params: LifecycleParams = {
  symbol: "TEST",
  strategyName: "stopper",
  exchangeName: "",
  backtest: false,
  config: DEFAULT_CONFIG,
  intervalMs: 60_000,
  endDate: Number.POSITIVE_INFINITY,
  riskNames: [],
  progressCallbacks: false,
};

const price = (i: number, p: number): LifecycleInput => ({ kind: "tick", time: minute(i), low: p, high: p, price: p, priceBefore: p });
const actions = (inputs: LifecycleInput[]) =>
  replayLifecycle(inputs, params).effects.flatMap((effect) =>
    effect.type === "requestProposal"
      ? ["ask"]
      : emittedEvents([effect]).flatMap((e) => (e.topic === "signal" ? [`${e.event.action}${"reason" in e.event ? ":" + e.event.reason : ""}`] : [])),
  );

describe("stop", () => {
  it("cancels a scheduled signal with reason user on the next price", () => {
    const limit = { position: "long", priceOpen: 99, priceTakeProfit: 101, priceStopLoss: 98 };
    expect(actions([price(1, 100), { kind: "proposal", proposal: limit }, { kind: "stop" }, price(2, 100)])).toEqual([
      "ask",
      "scheduled",
      "cancelled:user",
    ]);
  });

  it("asks for no more proposals", () => {
    expect(actions([{ kind: "stop" }, price(1, 100), price(2, 100)])).toEqual([]);
  });

  it("keeps watching an open position until it closes", () => {
    const market = { position: "long", priceTakeProfit: 101, priceStopLoss: 99 };
    expect(actions([price(1, 100), { kind: "proposal", proposal: market }, { kind: "stop" }, price(2, 100.5), price(3, 101), price(4, 100)])).toEqual([
      "ask",
      "opened",
      "closed",
    ]);
  });

  it("treats an answer nobody asked for as a shell bug", () => {
    expect(() => replayLifecycle([{ kind: "proposal", proposal: null }], params)).toThrow(/proposal while idle/);
  });
});
