import type { Issue } from "../model/config.js";
import { formatIssue } from "../model/config.js";

/** Why a persisted value could not be decoded; names each offending field and value. */
export interface DecodeError {
  readonly entity: string;
  readonly issues: ReadonlyArray<Issue>;
  readonly message: string;
}

export const decodeError = (entity: string, issues: ReadonlyArray<Issue>): DecodeError => ({
  entity,
  issues,
  message: `Invalid ${entity}: ${issues.map(formatIssue).join("; ")}`,
});
