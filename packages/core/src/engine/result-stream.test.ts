import { describe, expect, it } from "vitest";
import { resultStream, type Pull } from "./result-stream.js";

/** A source of the given batches, sync or async (`later`), then the end. */
const batches = (list: ReadonlyArray<ReadonlyArray<number>>, later: ReadonlySet<number> = new Set()): Pull<number> => {
  let i = 0;
  return () => {
    if (i >= list.length) return null;
    const batch = list[i]!;
    return later.has(i++) ? Promise.resolve(batch) : batch;
  };
};

const collect = async (stream: AsyncIterable<number>): Promise<number[]> => {
  const out: number[] = [];
  for await (const x of stream) out.push(x);
  return out;
};

describe("resultStream", () => {
  it("hands out every item in order across sync, async and empty batches, and closes once at the end", async () => {
    let closed = 0;
    const stream = resultStream(batches([[1, 2], [], [3], [], [4, 5]], new Set([1, 2])), () => void closed++);
    expect(await collect(stream)).toEqual([1, 2, 3, 4, 5]);
    expect(await stream.next()).toEqual({ done: true, value: undefined });
    expect(closed).toBe(1);
  });

  it("closes once when the source throws or rejects, and passes the error on", async () => {
    for (const fail of [() => { throw new Error("boom"); }, () => Promise.reject(new Error("boom"))] as Pull<number>[]) {
      let closed = 0;
      let first = true;
      const stream = resultStream<number>(() => (first ? ((first = false), [1]) : fail()), () => void closed++);
      await expect(collect(stream)).rejects.toThrow("boom");
      expect(closed).toBe(1);
    }
  });

  it("closes when the consumer leaves early, and delivers nothing a waiting source produces afterwards", async () => {
    let closed = 0;
    let release: (items: number[]) => void = () => {};
    let pulls = 0;
    const stream = resultStream<number>(() => (pulls++ === 0 ? [1] : new Promise<number[]>((resolve) => (release = resolve))), () => void closed++);
    expect(await stream.next()).toEqual({ done: false, value: 1 });
    const waiting = stream.next();
    await stream.return();
    expect(closed).toBe(1);
    release([2, 3]);
    expect(await waiting).toEqual({ done: true, value: undefined });
    expect(closed).toBe(1);
  });

  it("answers overlapping next() calls in order, as a generator would", async () => {
    const stream = resultStream(batches([[1], [2, 3], [4]], new Set([0, 1, 2])));
    const answers = await Promise.all([stream.next(), stream.next(), stream.next(), stream.next(), stream.next()]);
    expect(answers.map((a) => (a.done ? "done" : a.value))).toEqual([1, 2, 3, 4, "done"]);
  });
});
