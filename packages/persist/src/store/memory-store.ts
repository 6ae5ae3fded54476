import * as E from "fp-ts/lib/Either.js";
import { invalidContent, notFound, type FailedOperation } from "../errors/describe.js";
import { encodeName, naturalOrder, type EntityId } from "./entity-id.js";
import { PersistStoreBase, type StoreOptions } from "./persist-store.js";
import { describeIssues, parseStored, serialise } from "./serialise.js";
import { DEFAULT_BASE_DIR, resolveStoreOptions } from "./store-options.js";

/**
 * The same interface and checks as the file store, kept in memory: for backtests and tests, and the
 * model for plugging in another backend. Values are stored serialised, so a caller mutating an
 * object after writing or reading it cannot change what is stored.
 */
export class PersistMemory<T = unknown> extends PersistStoreBase<T> {
  private readonly stored = new Map<string, Uint8Array>();
  private readonly options: StoreOptions<T>;
  private readonly location: string;

  constructor(
    readonly entityName: string,
    readonly baseDir: string = DEFAULT_BASE_DIR,
    options: Partial<StoreOptions<T>> = {},
  ) {
    super();
    this.options = resolveStoreOptions(options);
    this.location = `memory:${baseDir}/${encodeName("entity name", entityName)}`;
  }

  async waitForInit(_initial?: boolean): Promise<void> {}

  async readValue(id: EntityId): Promise<T> {
    const op = this.operation("read", id);
    const bytes = this.stored.get(String(id));
    if (bytes === undefined) throw notFound(op);
    const decoded = parseStored(this.options.codec, bytes);
    if (E.isLeft(decoded)) throw invalidContent(op, `the stored content is invalid: ${describeIssues(decoded.left)}`);
    return decoded.right;
  }

  async hasValue(id: EntityId): Promise<boolean> {
    return this.stored.has(String(id));
  }

  async writeValue(id: EntityId, value: T): Promise<void> {
    const op = this.operation("write", id);
    const bytes = serialise(this.options.codec, value);
    if (E.isLeft(bytes)) throw invalidContent(op, `the value is invalid: ${describeIssues(bytes.left)}`);
    this.stored.set(String(id), bytes.right);
  }

  async removeValue(id: EntityId): Promise<void> {
    if (!this.stored.delete(String(id))) throw notFound(this.operation("remove", id));
  }

  async removeAll(): Promise<void> {
    this.stored.clear();
  }

  async *keys(): AsyncGenerator<string> {
    yield* [...this.stored.keys()].sort(naturalOrder);
  }

  private operation(action: string, id: EntityId): FailedOperation {
    return {
      action,
      label: this.options.codec.label,
      entity: this.entityName,
      id: String(id),
      path: `${this.location}/${encodeName("id", id)}.json`,
    };
  }
}
