import { describe, expect, it } from "vitest";
import { MicrotaskBatch } from "./microtask-batch.js";
import { settleMicrotasks } from "./test-support.fixture.js";

describe("MicrotaskBatch", () => {
  it("runs scheduled tasks later, in the order they were scheduled, including tasks scheduled by a running task", async () => {
    const batch = new MicrotaskBatch();
    const ran: string[] = [];
    batch.schedule(() => {
      ran.push("a");
      batch.schedule(() => ran.push("c"));
    });
    batch.schedule(() => ran.push("b"));
    expect(ran).toEqual([]);
    await settleMicrotasks();
    expect(ran).toEqual(["a", "b", "c"]);
    batch.schedule(() => ran.push("d"));
    await settleMicrotasks();
    expect(ran).toEqual(["a", "b", "c", "d"]);
  });
});
