import type { ValidationEvent } from "@tickfold/core";

/**
 * A stored file that failed validation at init and was set aside. It is a validation event
 * (`source: "storage"`, `path` = the file that was set aside) so the engine can publish it on the
 * validation topic as is; `movedTo` says where the bytes are now.
 */
export interface CorruptFileReport extends ValidationEvent {
  readonly source: "storage";
  readonly path: string;
  readonly movedTo: string;
}

export type CorruptFileReporter = (report: CorruptFileReport) => void | Promise<void>;

/** Used when nobody routes reports: a set-aside file must never go unnoticed. */
export const warnOnConsole: CorruptFileReporter = (report) => {
  console.warn(report.message);
};
