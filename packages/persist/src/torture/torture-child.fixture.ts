import { appendFileSync } from "node:fs";
import { createPersistence } from "../persistence.js";
import { modelOf, PAIRS, Scenario, sameModel } from "./scenario.fixture.js";

/**
 * The process the torture test kills. It restarts like a live engine: init and recovery of its
 * files, redelivery of committed events, then the workload from where the state is, committing
 * each step and delivering its events, until SIGKILL. It reports on stdout (synchronous on pipes):
 * `recovering`, `ready`, and `committed <n>` once step n is durable.
 */
const [dataDir, deliveryLog, fromText] = process.argv.slice(2);
if (dataDir === undefined || deliveryLog === undefined || fromText === undefined) {
  throw new Error("usage: torture-child <dataDir> <deliveryLog> <fromStep>");
}
const from = Number(fromText);
const say = (line: string): void => void process.stdout.write(`${line}\n`);
const deliver = (event: { id: string }): void => appendFileSync(deliveryLog, `${event.id}\n`);

const scenario = new Scenario();
const persistence = createPersistence({ baseDir: dataDir, onCorrupt: (report) => say(`corrupt ${report.path}`) });

say("recovering");
const plan = await persistence.recover({ pairs: PAIRS });
if (!sameModel(modelOf(plan.resolved), scenario.stateAt(from))) {
  say(`mismatch: recovered state is not state ${from}`);
  process.exit(3);
}
await persistence.deliver(plan.redeliver, deliver);
say("ready");

for (let n = from + 1; ; n += 1) {
  const step = scenario.stepAt(n);
  const record = await persistence.commit(PAIRS[step.pair]!, step.change, step.events);
  say(`committed ${n}`);
  await persistence.deliver([record], deliver);
}
