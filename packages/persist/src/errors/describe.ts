import { PersistError, persistCodeOf, errnoOf, type PersistErrorContext } from "./persist-error.js";

/** A failed file operation, described for the user: what we were doing and to which value. */
export interface FailedOperation extends PersistErrorContext {
  /** A verb phrase: "read", "write", "remove", "list", "initialise". */
  readonly action: string;
  /** What kind of value, for the sentence: "signal", "risk positions". */
  readonly label: string;
}

const subject = (op: FailedOperation): string =>
  op.id === "" ? `the ${op.label} directory "${op.entity}"` : `${op.label} "${op.id}" of "${op.entity}"`;

/** Turns a low-level error (errno or anything thrown by a backend) into a PersistError sentence. */
export const describeFailure = (error: unknown, op: FailedOperation): PersistError => {
  if (error instanceof PersistError) return error;
  const code = persistCodeOf(error);
  if (code === "not_found") return notFound(op, error);
  const errno = errnoOf(error);
  const detail = errno ?? (error instanceof Error ? error.message : String(error));
  const what = subject(op);
  const messages: Record<Exclude<typeof code, "not_found">, string> = {
    permission_denied: `Cannot ${op.action} ${what}: permission denied (${detail}) at ${op.path}; check the owner and mode of the directory.`,
    disk_full: `Cannot ${op.action} ${what}: the disk is full (${detail}) at ${op.path}.`,
    io: `Cannot ${op.action} ${what}: the storage failed (${detail}) at ${op.path}.`,
  };
  return new PersistError(code, op, messages[code], { cause: error });
};

/** The value (or its directory) does not exist. */
export const notFound = (op: FailedOperation, cause?: unknown): PersistError =>
  new PersistError("not_found", op, `Cannot ${op.action} ${subject(op)}: nothing is stored at ${op.path}.`, { cause });

/** A value that does not match its schema, refused or found; `reasons` name each field and value. */
export const invalidContent = (op: FailedOperation, reasons: string): PersistError =>
  new PersistError("invalid_content", op, `Cannot ${op.action} ${subject(op)}: ${reasons} (${op.path}).`);
