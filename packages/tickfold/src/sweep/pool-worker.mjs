// The worker thread's entry, plain JavaScript so that it loads before any TypeScript does: it
// registers tsx's loader in this thread (the sweep's modules and the user's strategy module may
// be TypeScript), then serves piscina's tasks.
import { register } from "tsx/esm/api";

register();
const { runSweepJob } = await import("./run-job.ts");
const { sharedSeries } = await import("./shared-candles.ts");

/** One task: a job and the shared candles of its symbol (a view, never a copy). */
export default ({ job, candles }) => runSweepJob(job, sharedSeries(candles));
