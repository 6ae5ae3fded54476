import { describe, expect, it } from "vitest";
import { simulatedClock } from "./simulated-clock.js";

describe("simulatedClock", () => {
  it("moves only when slept on, firing due timers in time order on the way", async () => {
    const clock = simulatedClock(1_000);
    const fired: Array<[string, number]> = [];
    clock.setTimer(() => void fired.push(["b", clock.now()]), 300);
    clock.setTimer(() => void fired.push(["a", clock.now()]), 100);
    const cancelled = clock.setTimer(() => void fired.push(["never", clock.now()]), 200);
    cancelled();
    expect(clock.now()).toBe(1_000);
    await clock.sleep(250);
    expect(fired).toEqual([["a", 1_100]]);
    expect(clock.now()).toBe(1_250);
    await clock.sleep(1_000);
    expect(fired).toEqual([["a", 1_100], ["b", 1_300]]);
    expect(clock.now()).toBe(2_250);
  });

  it("ends where the data does: a sleep past `end` never resolves and `ended` resolves", async () => {
    const clock = simulatedClock(0, { end: 500 });
    let ended = false;
    void clock.ended.then(() => (ended = true));
    await clock.sleep(400);
    let woke = false;
    void clock.sleep(200).then(() => (woke = true));
    await clock.ended;
    await Promise.resolve();
    expect({ ended, woke, now: clock.now() }).toEqual({ ended: true, woke: false, now: 400 });
  });

  it("names a bad start or end", () => {
    expect(() => simulatedClock(Number.NaN)).toThrow("simulatedClock: start = NaN must be a finite time in ms");
    expect(() => simulatedClock(10, { end: 5 })).toThrow("simulatedClock: end = 5 must not be before start = 10");
  });
});
