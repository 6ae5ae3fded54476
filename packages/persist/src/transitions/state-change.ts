import { z } from "zod";
import { MilestoneDataSchema, SignalRowSchema } from "@tickfold/core";

/** The risk profiles a strategy counts against (one name, a list, or both merged). */
const RiskNamesSchema = z.array(z.string().min(1));

/**
 * A change of a pair's live state that touches one or more files. The change carries the new truth
 * (absolute values, never deltas of counters), so applying it twice is the same as applying it once:
 * that is what lets recovery replay it.
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
  z.object({ kind: z.literal("milestone"), signalId: z.string().min(1), levels: MilestoneDataSchema }),
  /** The open position closed; its milestones and risk slots go with it. */
  z.object({ kind: z.literal("close"), row: SignalRowSchema, riskNames: RiskNamesSchema }),
]);
export type StateChange = z.infer<typeof StateChangeSchema>;
