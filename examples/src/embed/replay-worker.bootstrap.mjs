// Entry of a replay worker thread. Node 20 ignores loader flags such as `--import tsx` in a
// Worker's execArgv (the worker then fails on ".ts"), so the worker registers tsx's loader itself
// before it imports the TypeScript module named in `workerData.entry` (a file URL). Works the same
// on later Node versions.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.entry);
