import { appendFileSync } from "node:fs";
import type { OutboxRecord } from "../outbox/outbox-record.js";
import { createPersistence } from "../persistence.js";
import { modelOf, PAIRS, Scenario, sameModel } from "./scenario.fixture.js";

/**
 * The process the torture test kills. It restarts like a live engine: init and recovery of its
 * files, redelivery of committed events, then the workload from where the state is, committing
 * each step and delivering its events, until SIGKILL. It acknowledges a record only once `backlog`
 * newer ones are delivered, so records pile up in the outbox as behind a slow acknowledger. It reports on stdout (synchronous on pipes):
 * `recovering`, `ready`, and `committed <n>` once step n is durable.
 */
const [dataDir, deliveryLog, fromText, backlogText = "0"] = process.argv.slice(2);
if (dataDir === undefined || deliveryLog === undefined || fromText === undefined) {
  throw new Error("usage: torture-child <dataDir> <deliveryLog> <fromStep> [<unacknowledged backlog>]");
}
const from = Number(fromText);
/** How many delivered records stay unacknowledged, so that long outbox queues are killed too. */
const backlog = Number(backlogText);
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
// Redelivered records join the unacknowledged backlog too, so queues grow across restarts.
const unacknowledged: OutboxRecord[] = [...plan.redeliver];
for (const record of plan.redeliver) for (const event of record.events) deliver(event);
say("ready");

for (let n = from + 1; ; n += 1) {
  const step = scenario.stepAt(n);
  const record = await persistence.commit(PAIRS[step.pair]!, step.change, step.events);
  say(`committed ${n}`);
  for (const event of record.events) deliver(event);
  unacknowledged.push(record);
  while (unacknowledged.length > backlog) {
    const oldest = unacknowledged.shift()!;
    await persistence.acknowledge(oldest, oldest.seq);
  }
}
