import * as z from "zod/mini";
import { MilestoneDataSchema } from "../codec/milestones.js";
import { SignalRowSchema } from "../model/signal.js";

/** The risk profiles a strategy counts against (one name, a list, or both merged). */
const RiskNamesSchema = z.array(z.string().check(z.minLength(1)));

/**
 * A change of a pair's durable state, as the lifecycle reducer decides it. It carries the new truth
 * (absolute values, never deltas), so applying it twice is the same as applying it once: that is
 * what lets recovery replay it. Storage turns it into file writes (`@tickfold/persist`'s
 * `planWrites`); nothing else describes a durable change.
 */
export const StateChangeSchema = z.discriminatedUnion("kind", [
  /** A limit signal now waits for its entry price. */
  z.object({ kind: z.literal("schedule"), row: SignalRowSchema }),
  /** A scheduled signal was dropped before it opened (timeout, price reject, user stop, risk reject). */
  z.object({ kind: z.literal("cancel"), row: SignalRowSchema }),
  /** A position opened immediately (market or reached price) and took a slot in each risk profile. */
  z.object({ kind: z.literal("open"), row: SignalRowSchema, riskNames: RiskNamesSchema }),
  /** A scheduled signal reached its entry: it is now the open position (`row.pendingAt` set). */
  z.object({ kind: z.literal("activate"), row: SignalRowSchema, riskNames: RiskNamesSchema }),
  /** The open signal reached new milestone levels; `levels` is every level reached so far. */
  z.object({ kind: z.literal("milestone"), signalId: z.string().check(z.minLength(1)), levels: MilestoneDataSchema }),
  /** The open position closed; its milestones and risk slots go with it. */
  z.object({ kind: z.literal("close"), row: SignalRowSchema, riskNames: RiskNamesSchema }),
]);
export type StateChange = z.infer<typeof StateChangeSchema>;
