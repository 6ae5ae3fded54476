import { PersistError, PersistStoreBase, anyJsonCodec, type EntityCodec, type EntityId, type StoreOptions, type TPersistBaseCtor } from "@tickfold/persist";
import { naturalOrder } from "@tickfold/persist/internal";
import { formatIssue, type DecodeError } from "@tickfold/core";
import * as E from "fp-ts/lib/Either.js";
import { hashKey } from "./keys.js";
import type { RedisConnection } from "./redis-connection.js";

/** Where a value lives: one hash per entity, one field per id. */
export interface RedisLocation {
  readonly key: string;
  readonly field: string;
}

/**
 * The IPersistBase contract on Redis: an entity is one hash `<baseDir>/{<entity>}`, an id one of
 * its fields, a value the same JSON the file store writes, checked by the same codec on the way in
 * and out. Each command is one round trip on one connection, so same-id writes keep call order.
 */
export class RedisStore<T = unknown> extends PersistStoreBase<T> {
  readonly key: string;
  private readonly codec: EntityCodec<T>;

  constructor(
    private readonly redis: RedisConnection,
    readonly entityName: string,
    baseDir: string,
    options: Partial<StoreOptions<T>> = {},
  ) {
    super();
    this.key = hashKey(baseDir, entityName);
    this.codec = options.codec ?? (anyJsonCodec as EntityCodec<T>);
  }

  async waitForInit(_initial?: boolean): Promise<void> {}

  locate(id: EntityId): RedisLocation {
    return { key: this.key, field: String(id) };
  }

  /** The stored text of `value`, or a PersistError `invalid_content` naming the field and value. */
  encode(id: EntityId, value: T): string {
    let text: string | undefined;
    try {
      text = JSON.stringify(value);
    } catch (error) {
      throw this.invalid(id, `the value cannot be written as JSON (${(error as Error).message})`);
    }
    if (text === undefined) throw this.invalid(id, "the value cannot be written as JSON");
    const decoded = this.codec.decode(JSON.parse(text));
    if (E.isLeft(decoded)) throw this.invalid(id, `the value is invalid: ${describe(decoded.left)}`);
    return JSON.stringify(decoded.right);
  }

  /** The value of stored text, or a PersistError `invalid_content`. */
  decode(id: EntityId, text: string): T {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw this.invalid(id, `the stored content is not valid JSON (${(error as Error).message})`);
    }
    const decoded = this.codec.decode(json);
    if (E.isLeft(decoded)) throw this.invalid(id, `the stored content is invalid: ${describe(decoded.left)}`);
    return decoded.right;
  }

  /** The stored text, or null when there is none. */
  async readRaw(id: EntityId): Promise<string | null> {
    const text = await this.redis.sendCommand<string | null>(["HGET", this.key, String(id)]);
    return text ?? null;
  }

  async readValue(id: EntityId): Promise<T> {
    const text = await this.readRaw(id);
    if (text === null) throw this.error("not_found", id, `Cannot read ${this.codec.label} ${JSON.stringify(String(id))}: there is none at ${this.path(id)}.`);
    return this.decode(id, text);
  }

  async hasValue(id: EntityId): Promise<boolean> {
    return Number(await this.redis.sendCommand(["HEXISTS", this.key, String(id)])) === 1;
  }

  async writeValue(id: EntityId, value: T): Promise<void> {
    await this.redis.sendCommand(["HSET", this.key, String(id), this.encode(id, value)]);
  }

  async removeValue(id: EntityId): Promise<void> {
    const removed = Number(await this.redis.sendCommand(["HDEL", this.key, String(id)]));
    if (removed === 0) throw this.error("not_found", id, `Cannot remove ${this.codec.label} ${JSON.stringify(String(id))}: there is none at ${this.path(id)}.`);
  }

  async removeAll(): Promise<void> {
    await this.redis.sendCommand(["DEL", this.key]);
  }

  async *keys(): AsyncGenerator<string> {
    const ids = await this.redis.sendCommand<string[]>(["HKEYS", this.key]);
    yield* [...ids].sort(naturalOrder);
  }

  private path(id: EntityId): string {
    return `redis:${this.key}#${String(id)}`;
  }

  private invalid(id: EntityId, why: string): PersistError {
    return this.error("invalid_content", id, `Cannot store ${this.codec.label} ${JSON.stringify(String(id))} at ${this.path(id)}: ${why}.`);
  }

  private error(code: "not_found" | "invalid_content", id: EntityId, message: string): PersistError {
    return new PersistError(code, { entity: this.entityName, id: String(id), path: this.path(id) }, message);
  }
}

const describe = (error: DecodeError): string => error.issues.map(formatIssue).join("; ");

/** A store class bound to one connection, for `createPersistence({ backend })` or the `use…Adapter` functions. */
export const redisBackend = (redis: RedisConnection): new <T>(entityName: string, baseDir: string, options?: Partial<StoreOptions<T>>) => RedisStore<T> =>
  class BoundRedisStore<T> extends RedisStore<T> {
    constructor(entityName: string, baseDir: string, options?: Partial<StoreOptions<T>>) {
      super(redis, entityName, baseDir, options);
    }
  } satisfies TPersistBaseCtor;
