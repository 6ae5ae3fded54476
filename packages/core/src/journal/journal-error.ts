import { formatIssue, type Issue } from "../model/config.js";

/** A journal line that cannot be read: which line, and each field that is wrong and why. */
export class JournalError extends Error {
  constructor(
    readonly line: number,
    readonly issues: ReadonlyArray<Issue>,
  ) {
    super(`journal line ${line}: ${issues.map(formatIssue).join("; ")}`);
    this.name = "JournalError";
  }
}
