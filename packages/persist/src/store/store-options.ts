import { nodeFileSystem } from "../fs/node-file-system.js";
import { warnOnConsole } from "./corrupt-report.js";
import { anyJsonCodec, type EntityCodec } from "./entity-codec.js";
import type { StoreOptions } from "./persist-store.js";
import { DEFAULT_RETRY } from "./retry.js";

/** SPEC §7: live state lives under `./dump/data` unless the engine says otherwise. */
export const DEFAULT_BASE_DIR = "./dump/data";

export const resolveStoreOptions = <T>(options: Partial<StoreOptions<T>> = {}): StoreOptions<T> => ({
  // Without a codec the store accepts any JSON; T is then whatever the caller says it is.
  codec: options.codec ?? (anyJsonCodec as EntityCodec<T>),
  fs: options.fs ?? nodeFileSystem,
  onCorrupt: options.onCorrupt ?? warnOnConsole,
  now: options.now ?? Date.now,
  retry: options.retry ?? DEFAULT_RETRY,
  beforeInit: options.beforeInit ?? (async () => undefined),
});
