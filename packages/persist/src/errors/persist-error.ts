/** What went wrong, in terms a user can act on. */
export type PersistErrorCode =
  | "not_found"
  | "permission_denied"
  | "disk_full"
  | "invalid_content"
  /** A name (symbol, strategy, risk profile, id) that cannot name a file. */
  | "invalid_name"
  /** Another process is the writer of the directory. */
  | "locked"
  | "io";

/** Where it went wrong: every error a user can meet names the entity, the id and the path. */
export interface PersistErrorContext {
  /** The entity (directory) name, e.g. `BTCUSDT_trend-following`. */
  readonly entity: string;
  /** The id inside the entity, e.g. `BTCUSDT`; empty when the error concerns the whole directory. */
  readonly id: string;
  readonly path: string;
}

export class PersistError extends Error implements PersistErrorContext {
  readonly code: PersistErrorCode;
  readonly entity: string;
  readonly id: string;
  readonly path: string;

  constructor(code: PersistErrorCode, context: PersistErrorContext, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PersistError";
    this.code = code;
    this.entity = context.entity;
    this.id = context.id;
    this.path = context.path;
  }
}

export const isPersistError = (error: unknown): error is PersistError => error instanceof PersistError;

/** The errno code of a Node-style error (`ENOSPC`, `EIO`…), if it has one. */
export const errnoOf = (error: unknown): string | undefined => {
  if (typeof error !== "object" || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? code : undefined;
};

/** The codes a failing disk call can produce; the others come from our own checks. */
export type DiskFailureCode = "not_found" | "permission_denied" | "disk_full" | "io";

const CODE_BY_ERRNO: Readonly<Record<string, DiskFailureCode>> = {
  ENOENT: "not_found",
  EACCES: "permission_denied",
  EPERM: "permission_denied",
  EROFS: "permission_denied",
  ENOSPC: "disk_full",
  EDQUOT: "disk_full",
};

export const persistCodeOf = (error: unknown): DiskFailureCode => CODE_BY_ERRNO[errnoOf(error) ?? ""] ?? "io";
