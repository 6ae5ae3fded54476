import type { FileSystem } from "../fs/file-system.js";
import type { CorruptFileReporter } from "./corrupt-report.js";
import type { EntityCodec } from "./entity-codec.js";
import type { EntityId } from "./entity-id.js";
import type { RetryPolicy } from "./retry.js";

/**
 * One entity kind's storage: `{baseDir}/{entityName}/{id}.json` for the file store, anything for
 * another backend. The engine needs `waitForInit`, `hasValue`, `readValue` and `writeValue`; the
 * rest serves tools and tests. Ids are listed in natural order.
 */
export interface IPersistBase<T> {
  /** Runs the initialisation once; concurrent callers share it. `initial` is accepted for backtest-kit compatibility. */
  waitForInit(initial?: boolean): Promise<void>;
  /** Throws a PersistError `not_found` when there is no value. */
  readValue(id: EntityId): Promise<T>;
  hasValue(id: EntityId): Promise<boolean>;
  /** Refuses a value its codec rejects before touching storage; same-id writes apply in call order. */
  writeValue(id: EntityId, value: T): Promise<void>;
  removeValue(id: EntityId): Promise<void>;
  removeAll(): Promise<void>;
  keys(): AsyncGenerator<string>;
  values(): AsyncGenerator<T>;
  filter(predicate: (value: T) => boolean): AsyncGenerator<T>;
  take(count: number, predicate?: (value: T) => boolean): AsyncGenerator<T>;
}

/** What a store is built with; every field has a default so `new Store(entity, dir)` works. */
export interface StoreOptions<T> {
  readonly codec: EntityCodec<T>;
  readonly fs: FileSystem;
  readonly onCorrupt: CorruptFileReporter;
  /** Wall clock for `*.corrupt-<time>` names. */
  readonly now: () => number;
  /** Back-off for transient errors while setting corrupt files aside. */
  readonly retry: RetryPolicy;
  /** A check the file store runs before its init (after taking the writer lock); a throw fails init. */
  readonly beforeInit: () => Promise<void>;
}

/** The constructor `use…Adapter` accepts. A backend may ignore the options it has no use for. */
export type TPersistBaseCtor<T = unknown> = new (
  entityName: string,
  baseDir: string,
  options?: Partial<StoreOptions<T>>,
) => IPersistBase<T>;

/** Iteration built on `keys` and `readValue`, shared by every backend that extends it. */
export abstract class PersistStoreBase<T> implements IPersistBase<T> {
  abstract waitForInit(initial?: boolean): Promise<void>;
  abstract readValue(id: EntityId): Promise<T>;
  abstract hasValue(id: EntityId): Promise<boolean>;
  abstract writeValue(id: EntityId, value: T): Promise<void>;
  abstract removeValue(id: EntityId): Promise<void>;
  abstract removeAll(): Promise<void>;
  abstract keys(): AsyncGenerator<string>;

  async *values(): AsyncGenerator<T> {
    for await (const key of this.keys()) yield await this.readValue(key);
  }

  async *filter(predicate: (value: T) => boolean): AsyncGenerator<T> {
    for await (const value of this.values()) if (predicate(value)) yield value;
  }

  async *take(count: number, predicate?: (value: T) => boolean): AsyncGenerator<T> {
    if (count <= 0) return;
    let taken = 0;
    for await (const value of this.values()) {
      if (predicate !== undefined && !predicate(value)) continue;
      yield value;
      taken += 1;
      if (taken >= count) return;
    }
  }

  [Symbol.asyncIterator](): AsyncGenerator<T> {
    return this.values();
  }
}
