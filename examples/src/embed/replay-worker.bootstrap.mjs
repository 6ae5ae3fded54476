// Entry of the replay worker thread. Node 20 ignores loader flags such as `--import tsx` in a
// Worker's execArgv (the worker then fails on ".ts"), so the worker registers tsx's loader itself
// before it imports the TypeScript. Works the same on later Node versions.
import { register } from "tsx/esm/api";

register();
await import("./replay-worker.ts");
