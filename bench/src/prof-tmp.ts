import { readCandleFile } from "tickfold";
import { engineContestant } from "./lifecycle/engine-run.js";
import { YEAR_FRAME } from "./lifecycle/workload.js";
const series = await readCandleFile("/work/main/examples/data/BTCUSDT-1m-backtest_and_deploy.csv.gz");
const run = engineContestant(series, YEAR_FRAME);
for (let i = 0; i < 40; i++) await run();
