import {
  initialLifecycle,
  isRunOver,
  replayLifecycle,
  serializeReplay,
  stepLifecycle,
  tickAt,
  type CandleSeries,
  type Effect,
  type LifecycleInput,
  type LifecycleParams,
  type LifecycleState,
  type Request,
} from "@tickfold/core";

type CheckRisk = Extract<Request, { type: "checkRisk" }>;

/** How the outside world answers the reducer's requests while the recording is made. */
export interface Answers {
  /** The strategy, with `runBacktest`'s `getSignal` contract minus the symbol. */
  readonly proposal: (time: number, price: number) => unknown;
  /** The risk profiles' verdict; asked only when `params.riskNames` is not empty. */
  readonly risk: (request: CheckRisk) => boolean;
}

export interface RecordingPlan {
  readonly series: CandleSeries;
  /** First candle fed; earlier candles still feed the VWAP windows through `tickAt`. */
  readonly startIndex: number;
  readonly params: LifecycleParams;
  readonly answers: Answers;
  /** The user stops the strategy just before the first candle at or after this time. */
  readonly stopAt?: number;
}

/** Everything a replay needs: the constant params and every input in the order the reducer saw it. */
export interface Recording {
  readonly params: LifecycleParams;
  readonly inputs: ReadonlyArray<LifecycleInput>;
}

/** Replays a recording from scratch: core's canonical JSON of the final state and every effect. */
export const replayRecording = ({ inputs, params }: Recording): string => serializeReplay(replayLifecycle(inputs, params));

/**
 * Runs the lifecycle candle by candle, exactly as a shell does (every candle a tick, every request
 * answered at once with a fed-back input), and keeps each input. The run ends like a backtest's:
 * at the first candle after the frame with nothing left to watch, or once stopped and idle.
 */
export const recordReplay = (plan: RecordingPlan): Recording => {
  const { series, params, answers, stopAt } = plan;
  const inputs: LifecycleInput[] = [];
  let state: LifecycleState = initialLifecycle();
  const feed = (input: LifecycleInput): ReadonlyArray<Effect> => {
    inputs.push(input);
    const [next, effects] = stepLifecycle(state, input, params);
    state = next;
    return effects;
  };
  const answer = (request: Request): LifecycleInput =>
    request.type === "requestProposal"
      ? { kind: "proposal", proposal: answers.proposal(request.time, request.price) }
      : { kind: "risk", allowed: answers.risk(request) };

  let stopPending = stopAt !== undefined;
  const n = params.config.avgPriceCandles;
  for (let j = plan.startIndex; j < series.length; j++) {
    const time = series.timestamp[j]!;
    if (stopPending && time >= stopAt!) {
      feed({ kind: "stop" });
      stopPending = false;
    }
    if (isRunOver(state, time, params.endDate)) break;
    // An answer may raise the next request (a proposal leads to a risk check): answer until none is left.
    let request = feed(tickAt(series, j, n)).find(isRequest);
    while (request !== undefined) request = feed(answer(request)).find(isRequest);
  }
  return { params, inputs };
};

const isRequest = (effect: Effect): effect is Request => effect.type === "requestProposal" || effect.type === "checkRisk";

/**
 * The recording cut right after the first input that leaves the reducer in a state `accept` takes:
 * a replay of it ends mid-run, so its serialised state is that state.
 */
export const cutWhen = (recording: Recording, accept: (state: LifecycleState) => boolean): Recording => {
  let state: LifecycleState = initialLifecycle();
  for (const [index, input] of recording.inputs.entries()) {
    [state] = stepLifecycle(state, input, recording.params);
    if (accept(state)) return { params: recording.params, inputs: recording.inputs.slice(0, index + 1) };
  }
  throw new Error("cutWhen: no input of the recording leads to the state asked for");
};
