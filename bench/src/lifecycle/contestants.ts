import type { CandleSeries } from "@tickfold/core";
import { engineContestant } from "./engine-run.js";
import { runHandLoop } from "./hand-loop.js";
import { runLibrary } from "./library-run.js";
import type { Contestant } from "./measure.js";
import { outcomeDifferences, type Outcomes } from "./outcomes.js";
import type { Frame } from "./workload.js";

export const LOOP = "loop";
export const FOLD = "fold";
export const ENGINE = "Backtest.run";
export const BARE_LOOP = "loop-no-§5";

/**
 * The contestants of issue #2 on one frame: the library's batch fold, its per-candle stepping, the
 * floor (the same rules by hand), and for reference the floor without the §5 milestones; and the
 * product a user installs (`Backtest.run` of the tickfold package, events on its bus).
 */
export const lifecycleContestants = (series: CandleSeries, frame: Frame): Contestant[] => [
  { name: FOLD, run: () => runLibrary(series, frame, "fold") },
  { name: ENGINE, run: engineContestant(series, frame) },
  { name: "step", run: () => runLibrary(series, frame, "step") },
  { name: LOOP, run: () => runHandLoop(series, frame, { milestones: true }) },
  { name: BARE_LOOP, run: () => runHandLoop(series, frame, { milestones: false }) },
];

/** One sentence per contestant that disagrees with the loop; empty when all agree. */
export const disagreements = (results: ReadonlyArray<{ name: string; outcomes: Outcomes }>): string[] => {
  const loop = results.find((r) => r.name === LOOP);
  if (loop === undefined) return [`no ${LOOP} contestant to compare with`];
  return results
    .filter((r) => r !== loop)
    .flatMap((r) => {
      const differences = outcomeDifferences(loop, r);
      return differences.length === 0 ? [] : [`${r.name} and ${LOOP} disagree on ${differences.join("; ")}`];
    });
};
