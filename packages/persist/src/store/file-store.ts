import { join } from "node:path";
import * as E from "fp-ts/lib/Either.js";
import { describeFailure, invalidContent, type FailedOperation } from "../errors/describe.js";
import { ensureDurableDir } from "./durable-dir.js";
import { encodeName, fileNameOf, idOfFileName, naturalOrder, type EntityId } from "./entity-id.js";
import { initialiseDirectory } from "./initialise-directory.js";
import { KeyedQueue } from "./keyed-queue.js";
import { PersistStoreBase, type StoreOptions } from "./persist-store.js";
import { describeIssues, MAX_FILE_BYTES, parseStored, serialise } from "./serialise.js";
import { singleshot } from "./singleshot.js";
import { DEFAULT_BASE_DIR, resolveStoreOptions } from "./store-options.js";

/**
 * The file store: `{baseDir}/{entityName}/{id}.json`, one JSON value per file.
 *
 * A write returns once the value is durable: the FileSystem port replaces the file atomically
 * (temp file, fsync, rename) and the store then fsyncs the directory so the rename itself survives
 * a power loss. Failures, a failed fsync included, are thrown as PersistError and never retried.
 */
export class PersistBase<T = unknown> extends PersistStoreBase<T> {
  readonly directory: string;
  private readonly options: StoreOptions<T>;
  private readonly queue = new KeyedQueue();
  private readonly initialise: () => Promise<void>;

  constructor(
    readonly entityName: string,
    readonly baseDir: string = DEFAULT_BASE_DIR,
    options: Partial<StoreOptions<T>> = {},
  ) {
    super();
    this.options = resolveStoreOptions(options);
    this.directory = join(baseDir, encodeName("entity name", entityName));
    this.initialise = singleshot(async () => {
      try {
        // Init removes temp files and sets files aside: only the one writer of the directory may.
        // The base directory is created durably first; the lock would create it, but not durably.
        await ensureDurableDir(this.options.fs, baseDir);
        await this.options.fs.lockWriter(baseDir);
        await this.options.beforeInit();
        await initialiseDirectory(this.directory, entityName, this.options);
      } catch (error) {
        // Named by the path that failed (the base directory, the lock, the entity directory);
        // failures of one file are already described, naming that file.
        const failedAt = (error as { path?: unknown } | null)?.path;
        const op = this.operation("initialise", "");
        throw describeFailure(error, typeof failedAt === "string" ? { ...op, path: failedAt } : op);
      }
    });
  }

  waitForInit(_initial?: boolean): Promise<void> {
    return this.initialise();
  }

  /** Where the value for `id` lives. */
  pathOf(id: EntityId): string {
    return join(this.directory, fileNameOf(id));
  }

  async readValue(id: EntityId): Promise<T> {
    await this.initialise();
    const op = this.operation("read", id);
    let bytes: Uint8Array;
    try {
      bytes = await this.options.fs.readFile(op.path, MAX_FILE_BYTES);
    } catch (error) {
      throw describeFailure(error, op);
    }
    const decoded = parseStored(this.options.codec, bytes);
    if (E.isLeft(decoded)) throw invalidContent(op, `the stored content is invalid: ${describeIssues(decoded.left)}`);
    return decoded.right;
  }

  async hasValue(id: EntityId): Promise<boolean> {
    await this.initialise();
    const op = this.operation("check", id);
    try {
      return await this.options.fs.exists(op.path);
    } catch (error) {
      throw describeFailure(error, op);
    }
  }

  async writeValue(id: EntityId, value: T): Promise<void> {
    const op = this.operation("write", id);
    // Checked before init and before queueing: an invalid value never touches the disk.
    const bytes = serialise(this.options.codec, value);
    if (E.isLeft(bytes)) throw invalidContent(op, `the value is invalid: ${describeIssues(bytes.left)}`);
    await this.initialise();
    await this.queue.run(op.path, async () => {
      try {
        await this.options.fs.replaceFile(op.path, bytes.right);
        await this.options.fs.syncDir(this.directory);
      } catch (error) {
        throw describeFailure(error, op);
      }
    });
  }

  async removeValue(id: EntityId): Promise<void> {
    await this.initialise();
    const op = this.operation("remove", id);
    await this.queue.run(op.path, async () => {
      try {
        await this.options.fs.unlink(op.path);
        await this.options.fs.syncDir(this.directory);
      } catch (error) {
        throw describeFailure(error, op);
      }
    });
  }

  async removeAll(): Promise<void> {
    const ids: string[] = [];
    for await (const id of this.keys()) ids.push(id);
    for (const id of ids) {
      const op = this.operation("remove", id);
      await this.queue.run(op.path, async () => {
        try {
          await this.options.fs.unlink(op.path);
        } catch (error) {
          throw describeFailure(error, op);
        }
      });
    }
    try {
      await this.options.fs.syncDir(this.directory);
    } catch (error) {
      throw describeFailure(error, this.operation("remove", ""));
    }
  }

  async *keys(): AsyncGenerator<string> {
    await this.initialise();
    let names: string[];
    try {
      names = await this.options.fs.readdir(this.directory);
    } catch (error) {
      throw describeFailure(error, this.operation("list", ""));
    }
    const ids = names
      .filter((name) => !this.options.fs.isTempFile(name))
      .map(idOfFileName)
      .filter((id): id is string => id !== undefined)
      .sort(naturalOrder);
    yield* ids;
  }

  private operation(action: string, id: EntityId): FailedOperation {
    const text = String(id);
    return {
      action,
      label: this.options.codec.label,
      entity: this.entityName,
      id: text,
      path: text === "" ? this.directory : this.pathOf(id),
    };
  }
}
