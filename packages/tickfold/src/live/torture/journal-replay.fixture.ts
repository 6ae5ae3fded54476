import { readFileSync } from "node:fs";
import { emittedEvents, fingerprintReplay, parseJournal, replayJournal } from "@tickfold/core";

/**
 * The fingerprint of a live journal, as `pnpm replay` computes it: core's `parseJournal`,
 * `replayJournal` (reset at each `restored` line, the uncommitted tail of a crashed segment
 * dropped) and `fingerprintReplay`; and how many events its commits carry.
 */
export const journalFingerprint = (path: string): { fingerprint: string; events: number; effects: ReadonlyArray<unknown> } => {
  const replay = replayJournal(readFileSync(path));
  const committed = replay.effects.filter((effect) => effect.type === "commit");
  return { fingerprint: fingerprintReplay(replay), events: emittedEvents(committed).length, effects: replay.effects };
};

/** Where two journals' replays first part (for the failure message): the effect index and both effects. */
export const firstDifference = (a: ReadonlyArray<unknown>, b: ReadonlyArray<unknown>): string => {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const left = JSON.stringify(a[i]);
    const right = JSON.stringify(b[i]);
    if (left !== right) return `effect ${i} of ${a.length}/${b.length}:\n crashed  ${left}\n reference ${right}`;
  }
  return "same effects (the final states differ)";
};
