import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { TICK_FILE } from "./engine.fixture.js";
import { tempDir } from "./live/live.fixture.js";
import { candlesOfTrades, parseTickCsv, readTickFile, tickFileExchange } from "./tick-file-exchange.js";

const HEADER = "timestamp,id,price,qty,is_buyer_maker";
const ROW = "1723161255342,3735683259,61837.63,0.02,1";

describe("the tick file reader", () => {
  it("reads the shipped recording: 19,904 trades in time order, and its whole minutes as Binance's 1-minute candles", () => {
    const ticks = readTickFile(TICK_FILE);
    expect(ticks.length).toBe(19_904);
    expect([ticks.timestamp[0], ticks.price[0], ticks.qty[0]]).toEqual([1723161255342, 61837.63, 0.02]);
    const candles = candlesOfTrades(ticks);
    // 23:55 … 00:04: the partial first (23:54:15…) and last (00:05:00…00:05:05) minutes are left out.
    expect(candles.length).toBe(10);
    expect(candles.timestamp[0]).toBe(Date.parse("2024-08-08T23:55:00Z"));
    expect(candles.timestamp[9]).toBe(Date.parse("2024-08-09T00:04:00Z"));
    expect([candles.open[0], candles.high[0], candles.low[0], candles.close[0]]).toEqual([61828, 61860.8, 61780, 61782.25]);
  });

  it("rejects a bad row naming its line, field and value", () => {
    const csv = (...rows: string[]) => [HEADER, ROW, ...rows].join("\n");
    expect(() => parseTickCsv(csv("1723161255617,3735683260,-1,0.048,1"))).toThrow('Tick CSV line 3: price = "-1" must be a finite number > 0');
    expect(() => parseTickCsv(csv("1723161255617,3735683260,61837.63,abc,1"))).toThrow('Tick CSV line 3: qty = "abc" must be a finite number > 0');
    expect(() => parseTickCsv(csv("1723161255000,3735683260,61837.63,0.048,1"))).toThrow(/line 3: timestamp = "1723161255000" must not be before the previous row's 1723161255342/);
    expect(() => parseTickCsv(csv("1723161255617.5,3735683260,61837.63,0.048,1"))).toThrow(/line 3: timestamp = "1723161255617.5" must be a time in epoch ms/);
    expect(() => parseTickCsv(csv("1723161255617,3735683260,61837.63,0.048,2"))).toThrow('Tick CSV line 3: is_buyer_maker = "2" must be 0 or 1');
    expect(() => parseTickCsv(csv("1723161255617,x,61837.63,0.048,1"))).toThrow('Tick CSV line 3: id = "x" must be a whole number');
    expect(() => parseTickCsv(csv("ROW", "1723161255617,3735683260,61837.63"))).toThrow(/line 3: row = "ROW" must have 5 fields/);
    expect(() => parseTickCsv(`timestamp,price\n${ROW}`)).toThrow(/line 1: the header must be "timestamp,id,price,qty,is_buyer_maker", got "timestamp,price"/);
    const path = join(tempDir(), "bad.csv");
    writeFileSync(path, csv(ROW, "1723161255617,3735683260,NaN,0.048,1"));
    expect(() => readTickFile(path)).toThrow(`Tick file ${path}: Tick CSV line 4: price = "NaN" must be a finite number > 0`);
  });

  it("serves the trades of a window as price updates, [from, to)", () => {
    const exchange = tickFileExchange({ exchangeName: "ticks", files: { BTCUSDT: TICK_FILE } });
    const ticks = readTickFile(TICK_FILE);
    const from = ticks.timestamp[1]!;
    const to = ticks.timestamp[50]! + 1;
    const updates = exchange.getPriceUpdates!("BTCUSDT", from, to) as Array<{ timestamp: number; price: number }>;
    expect(updates.length).toBe(Array.from(ticks.timestamp).filter((t) => t >= from && t < to).length);
    expect(updates.length).toBeGreaterThanOrEqual(50);
    expect(updates.every((u) => u.timestamp >= from && u.timestamp < to)).toBe(true);
    expect(updates[0]).toEqual({ timestamp: from, price: ticks.price[1] });
    expect(() => exchange.getPriceUpdates!("ETHUSDT", from, to)).toThrow(/ticks: symbol = "ETHUSDT" has no tick file \(files: "BTCUSDT"\)/);
  });
});
