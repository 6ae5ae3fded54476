import { join } from "node:path";
import type { FileSystem } from "../fs/file-system.js";
import type { CorruptFileReporter } from "../store/corrupt-report.js";
import type { EntityCodec } from "../store/entity-codec.js";
import type { EntityId } from "../store/entity-id.js";
import { PersistBase } from "../store/file-store.js";
import type { IPersistBase, StoreOptions, TPersistBaseCtor } from "../store/persist-store.js";
import type { RetryPolicy } from "../store/retry.js";
import { DEFAULT_BASE_DIR } from "../store/store-options.js";
import { nodeFileSystem } from "../fs/node-file-system.js";
import type { Domain, Pair } from "./layout.js";
import { checkLegacyLayout } from "./legacy-layout.js";

/** How the stores of one domain are built; everything has a default. */
export interface DomainOptions {
  /** The engine's root (default `./dump/data`); each domain uses its own folder below it. */
  readonly baseDir?: string;
  readonly fs?: FileSystem;
  readonly onCorrupt?: CorruptFileReporter;
  readonly now?: () => number;
  readonly retry?: RetryPolicy;
}

/**
 * The stores of one domain, one per entity, created on first use and kept (backtest-kit memoises
 * the same way). `use(Ctor)` swaps the backend for stores created afterwards.
 */
export class DomainStores<T> {
  private readonly stores = new Map<string, IPersistBase<T>>();
  private Ctor: TPersistBaseCtor<T>;

  constructor(
    readonly domain: Domain,
    private readonly options: DomainOptions,
    Ctor?: TPersistBaseCtor<T>,
  ) {
    this.Ctor = Ctor ?? (PersistBase as TPersistBaseCtor<T>);
  }

  get directory(): string {
    return join(this.options.baseDir ?? DEFAULT_BASE_DIR, this.domain);
  }

  use(Ctor: TPersistBaseCtor<T>): void {
    this.Ctor = Ctor;
  }

  /**
   * The store of `entityName`; `codec` is used when it is created. A pair's store first checks that
   * no earlier version left files in its folders that belong elsewhere (see legacy-layout.ts).
   */
  storeFor(entityName: string, codec: EntityCodec<T>, pair?: Pair): IPersistBase<T> {
    let store = this.stores.get(entityName);
    if (store === undefined) {
      const { fs = nodeFileSystem, onCorrupt, now, retry, baseDir = DEFAULT_BASE_DIR } = this.options;
      const beforeInit = pair === undefined ? undefined : () => checkLegacyLayout(fs, baseDir, pair);
      const options: Partial<StoreOptions<T>> = { codec, fs, onCorrupt, now, retry, beforeInit };
      store = new this.Ctor(entityName, this.directory, options);
      this.stores.set(entityName, store);
    }
    return store;
  }

  /** backtest-kit's read: init, then the value if there is one, else `fallback`. */
  async read(store: IPersistBase<T>, id: EntityId, fallback: T): Promise<T> {
    await store.waitForInit(true);
    return (await store.hasValue(id)) ? store.readValue(id) : fallback;
  }

  async write(store: IPersistBase<T>, id: EntityId, value: T): Promise<void> {
    await store.waitForInit(true);
    await store.writeValue(id, value);
  }
}
