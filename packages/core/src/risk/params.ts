import * as z from "zod/mini";
import * as E from "#fp-ts/Either";
import { formatIssue, zodIssues, type Issue } from "../model/config.js";
import { safeParse } from "../model/parse.js";

/** A risk profile as a user declares it (backtest-kit's `addRisk`, without the validations). */
export const RiskProfileSchema = z.object({
  riskName: z.string().check(z.minLength(1)),
  /** Built-in validation: at most this many slots held by other strategy×symbol pairs. */
  maxConcurrentPositions: z.optional(z.number().check(z.int(), z.positive())),
});
export type RiskProfile = z.infer<typeof RiskProfileSchema>;

/** What the risk reducers need to know about the profile they run for. */
export const RiskParamsSchema = z.extend(RiskProfileSchema, {
  /** Backtest and live never share a book (SPEC §6); events say which one refused. */
  backtest: z.boolean(),
});
export type RiskParams = z.infer<typeof RiskParamsSchema>;

/** Checks user-given params, naming every bad field and value; the reducers trust what passes. */
export const validateRiskParams = (input: unknown): E.Either<Issue[], RiskParams> => {
  const parsed = safeParse(RiskParamsSchema, input);
  return parsed.success ? E.right(parsed.data) : E.left(zodIssues(parsed.error, input));
};

/** A risk profile error for APIs that throw: one sentence per issue. */
export class RiskProfileError extends Error {
  constructor(readonly issues: ReadonlyArray<Issue>) {
    super(`Invalid risk profile: ${issues.map(formatIssue).join("; ")}`);
    this.name = "RiskProfileError";
  }
}
