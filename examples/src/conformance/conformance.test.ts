import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadCandles } from "../lib/load-candles.js";
import { compareLines } from "./compare.js";
import { runScenario } from "./run-scenario.js";
import { ScenarioSchema } from "./scenario.js";

const dir = resolve(dirname(fileURLToPath(import.meta.url)), "../../conformance");
const scenarios = readdirSync(dir).filter((f) => f.endsWith(".json"));

describe("conformance with backtest-kit 19.5.0 on real candles", () => {
  it("ships the ten scenarios", () => {
    expect(scenarios).toHaveLength(10);
  });

  for (const file of scenarios) {
    it(`reproduces ${file} line for line`, async () => {
      const scenario = ScenarioSchema.parse(JSON.parse(readFileSync(join(dir, file), "utf8")));
      const candles = loadCandles(resolve(dir, scenario.candlesFile));
      const actual = (await runScenario(scenario, candles)).map((line) => JSON.parse(JSON.stringify(line)));
      const expected = readFileSync(join(dir, file.replace(/\.json$/, ".expected.jsonl")), "utf8")
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line));
      expect(compareLines(actual, expected)).toEqual([]);
    });
  }
});
