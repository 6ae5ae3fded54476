/**
 * `pnpm conformance <scenario.json>`: prints the scenario's event stream as JSONL on stdout and
 * nothing else. The candle file is resolved relative to the scenario file.
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { loadCandles } from "./lib/load-candles.js";
import { ScenarioSchema } from "./conformance/scenario.js";
import { runScenario } from "./conformance/run-scenario.js";

const path = process.argv[2];
if (!path) {
  process.stderr.write("usage: pnpm conformance <scenario.json>\n");
  process.exit(2);
}
const scenarioPath = resolve(process.env.INIT_CWD ?? process.cwd(), path);
const scenario = ScenarioSchema.parse(JSON.parse(readFileSync(scenarioPath, "utf8")));
const candles = loadCandles(resolve(dirname(scenarioPath), scenario.candlesFile));
const lines = await runScenario(scenario, candles);
process.stdout.write(lines.map((line) => JSON.stringify(line)).join("\n") + "\n");
