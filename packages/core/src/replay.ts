import type { Effect } from "./effects.js";
import { encodeMilestones } from "./codec/milestones.js";
import { initialLifecycle, type LifecycleInput, type LifecycleParams, type LifecycleState } from "./lifecycle/state.js";
import { stepLifecycle } from "./lifecycle/step.js";

export interface Replay {
  readonly state: LifecycleState;
  readonly effects: ReadonlyArray<Effect>;
}

/**
 * Folds a recorded input stream (ticks, the strategy's answers, risk verdicts, stop) through the
 * lifecycle. Same inputs ⇒ same state and same effects, byte for byte, in every runtime: the
 * reducer reads no clock and no randomness, and ids derive from the inputs.
 */
export const replayLifecycle = (
  inputs: Iterable<LifecycleInput>,
  params: LifecycleParams,
  initial: LifecycleState = initialLifecycle(),
): Replay => {
  let state = initial;
  const effects: Effect[] = [];
  for (const input of inputs) {
    const [next, produced] = stepLifecycle(state, input, params);
    state = next;
    for (const effect of produced) effects.push(effect);
  }
  return { state, effects };
};

/**
 * Canonical JSON of a replay, for byte-for-byte comparison across runs and runtimes: Sets become
 * sorted arrays and NaN (no bucket asked yet) becomes null.
 */
export const serializeReplay = (replay: Replay): string =>
  JSON.stringify({ state: plainState(replay.state), effects: replay.effects });

/**
 * The same text as `serializeReplay`, handed to `write` in pieces (the state, then each effect)
 * instead of built whole. An array element that JSON has no text for is `null`, as in
 * JSON.stringify of the array.
 */
export const serializeReplayInto = (replay: Replay, write: (piece: string) => void): void => {
  write(`{"state":${JSON.stringify(plainState(replay.state))},"effects":[`);
  replay.effects.forEach((effect, i) => {
    const text = JSON.stringify(effect) as string | undefined;
    write(i === 0 ? (text ?? "null") : `,${text ?? "null"}`);
  });
  write("]}");
};

const plainState = (state: LifecycleState): unknown => {
  const askedBucket = Number.isNaN(state.askedBucket) ? null : state.askedBucket;
  if (state.phase !== "open") return { ...state, askedBucket };
  return { ...state, askedBucket, milestones: { signalId: state.milestones.signalId, ...encodeMilestones(state.milestones.reached) } };
};
