import { Immer, enableMapSet } from "immer";

/**
 * The reducers' own Immer: structural sharing for transitions, without auto-freeze. Freezing
 * walks every produced tree (Sets included) and cost a backtest more than all its rules together;
 * the state types are readonly, which is where mutation is stopped. A private instance leaves the
 * user's global Immer settings alone.
 */
enableMapSet();
const immer = new Immer({ autoFreeze: false });

export const produce: Immer["produce"] = immer.produce;
