import { appendFileSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, parseJournal, type LifecycleParams } from "@tickfold/core";
import { openJournalFile } from "./journal-file.js";

const params: LifecycleParams = {
  symbol: "BTCUSDT",
  strategyName: "s",
  exchangeName: "x",
  backtest: false,
  config: DEFAULT_CONFIG,
  intervalMs: 60_000,
  endDate: Number.POSITIVE_INFINITY,
  riskNames: [],
  progressCallbacks: false,
};
const tick = (time: number) => ({ type: "input" as const, input: { kind: "tick" as const, time, low: 1, high: 2, price: 1.5, priceBefore: Number.NaN } });

describe("the live journal file", () => {
  it("keeps Infinity and NaN through the tagged format, and cuts a line torn by a kill before appending again", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "journal-")), "pair.jsonl");
    const first = await openJournalFile(path, params);
    first.append(tick(60_000));
    await first.close();
    appendFileSync(path, '{"type":"input","input":{"kind":"ti'); // a kill in the middle of an append
    const second = await openJournalFile(path, params);
    second.append(tick(120_000));
    await second.close();
    const entries = parseJournal(readFileSync(path, "utf8"));
    expect(entries.map((e) => e.type)).toEqual(["header", "input", "input"]);
    expect(entries[0]!.type === "header" && entries[0]!.params.endDate).toBe(Number.POSITIVE_INFINITY);
    expect(entries[2]!.type === "input" && entries[2]!.input.kind === "tick" && Number.isNaN(entries[2]!.input.priceBefore)).toBe(true);
  });

  it("writes its buffer itself once it holds 2,048 lines, so quiet candles on a simulated clock (no flush before their waits) stay bounded", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "journal-")), "pair.jsonl");
    const journal = await openJournalFile(path, params);
    let written: unknown;
    // The header is the first buffered line: the 2,047th tick fills the buffer.
    for (let i = 1; i <= 2_047; i++) written = journal.append(tick(i * 60_000));
    expect(written).toBeInstanceOf(Promise);
    await written;
    expect(parseJournal(readFileSync(path, "utf8"))).toHaveLength(2_048);
    expect(journal.append(tick(2_048 * 60_000))).toBeUndefined();
    await journal.close();
  });
});
