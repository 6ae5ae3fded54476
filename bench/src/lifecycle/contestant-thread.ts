// One lifecycle contestant on a thread of its own (see isolated.ts): one run per "run" message,
// its outcomes posted back.
import { parentPort, workerData } from "node:worker_threads";
import { lifecycleContestants } from "./contestants.js";
import { isolatedSeries, type IsolatedSetup } from "./isolated.js";

const setup = workerData as IsolatedSetup;
const contestant = lifecycleContestants(isolatedSeries(setup), setup.frame).find((c) => c.name === setup.name);
if (contestant === undefined) throw new Error(`No lifecycle contestant named ${setup.name}`);
parentPort!.on("message", async () => parentPort!.postMessage(await contestant.run()));
