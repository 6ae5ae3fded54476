import { describe, expect, it } from "vitest";
import { z } from "zod";
import { zodCodec } from "../domain/codecs.js";
import { PersistError } from "../errors/persist-error.js";
import type { IPersistBase, StoreOptions } from "./persist-store.js";

export const ItemSchema = z.object({ name: z.string().min(1), qty: z.number().int().nonnegative() });
export type Item = z.infer<typeof ItemSchema>;
export const itemCodec = zodCodec("item", ItemSchema);

/** Builds a fresh, empty store of items for one test. */
export type MakeStore = (entityName: string, options?: Partial<StoreOptions<Item>>) => Promise<IPersistBase<Item>>;

const collect = async <T>(iterable: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const value of iterable) out.push(value);
  return out;
};

/**
 * The behaviour every backend must share, so the engine cannot tell them apart. `location` is how
 * the backend names where the value "ghost" of entity "orders" would be (a file path by default).
 */
export const describeStoreContract = (backend: string, make: MakeStore, location: RegExp = /orders[\\/]ghost\.json$/): void => {
  describe(`${backend}: the IPersistBase contract`, () => {
    it("reads back what it wrote, and reports presence with hasValue", async () => {
      const store = await make("orders");
      await store.waitForInit(true);
      expect(await store.hasValue("a")).toBe(false);
      await store.writeValue("a", { name: "apple", qty: 3 });
      expect(await store.hasValue("a")).toBe(true);
      expect(await store.readValue("a")).toEqual({ name: "apple", qty: 3 });
    });

    it("overwrites a value and keeps only the last one", async () => {
      const store = await make("orders");
      await store.writeValue(1, { name: "first", qty: 1 });
      await store.writeValue(1, { name: "second", qty: 2 });
      expect(await store.readValue(1)).toEqual({ name: "second", qty: 2 });
      expect(await collect(store.keys())).toEqual(["1"]);
    });

    it("throws not_found naming the entity, the id and the path for a missing value", async () => {
      const store = await make("orders");
      const error = await store.readValue("ghost").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PersistError);
      expect(error).toMatchObject({ code: "not_found", entity: "orders", id: "ghost" });
      expect((error as PersistError).path).toMatch(location);
      expect((error as PersistError).message).toContain("ghost");
      expect((error as PersistError).message).toContain((error as PersistError).path);
    });

    it("lists ids in natural order, numbers by value and letters without regard to case", async () => {
      const store = await make("orders");
      for (const id of ["10", "b", "2", "A", "1"]) await store.writeValue(id, { name: id, qty: 0 });
      expect(await collect(store.keys())).toEqual(["1", "2", "10", "A", "b"]);
      expect((await collect(store.values())).map((item) => item.name)).toEqual(["1", "2", "10", "A", "b"]);
    });

    it("filters values and takes the first n, optionally filtered", async () => {
      const store = await make("orders");
      for (let i = 1; i <= 6; i += 1) await store.writeValue(i, { name: `n${i}`, qty: i });
      const even = (item: Item): boolean => item.qty % 2 === 0;
      expect((await collect(store.filter(even))).map((item) => item.qty)).toEqual([2, 4, 6]);
      expect((await collect(store.take(2))).map((item) => item.qty)).toEqual([1, 2]);
      expect((await collect(store.take(2, even))).map((item) => item.qty)).toEqual([2, 4]);
      expect(await collect(store.take(0))).toEqual([]);
    });

    it("removes one value, refuses to remove a missing one, and removes all", async () => {
      const store = await make("orders");
      await store.writeValue("a", { name: "a", qty: 1 });
      await store.writeValue("b", { name: "b", qty: 2 });
      await store.removeValue("a");
      expect(await store.hasValue("a")).toBe(false);
      await expect(store.removeValue("a")).rejects.toMatchObject({ code: "not_found", id: "a" });
      await store.removeAll();
      expect(await collect(store.keys())).toEqual([]);
    });

    it("refuses an invalid value naming the field and the value, and keeps the stored one", async () => {
      const store = await make("orders");
      await store.writeValue("a", { name: "apple", qty: 3 });
      const error = await store.writeValue("a", { name: "apple", qty: -1 }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "invalid_content", entity: "orders", id: "a" });
      expect((error as Error).message).toContain("qty = -1");
      expect(await store.readValue("a")).toEqual({ name: "apple", qty: 3 });
    });

    it("stores a copy: mutating the written or the read object changes nothing stored", async () => {
      const store = await make("orders");
      const item = { name: "apple", qty: 3 };
      await store.writeValue("a", item);
      item.qty = 99;
      const read = await store.readValue("a");
      read.qty = 42;
      expect(await store.readValue("a")).toEqual({ name: "apple", qty: 3 });
    });

    it("applies concurrent writes to one id in call order", async () => {
      const store = await make("orders");
      await Promise.all(Array.from({ length: 20 }, (_, qty) => store.writeValue("a", { name: "apple", qty })));
      expect(await store.readValue("a")).toEqual({ name: "apple", qty: 19 });
    });

    it("maps unsafe names to files and back, e.g. a symbol with a slash", async () => {
      const store = await make("BTC/USDT_trend");
      await store.writeValue("BTC/USDT", { name: "pair", qty: 1 });
      expect(await collect(store.keys())).toEqual(["BTC/USDT"]);
      expect(await store.readValue("BTC/USDT")).toEqual({ name: "pair", qty: 1 });
    });

    it("iterates its values with for-await", async () => {
      const store = await make("orders");
      await store.writeValue("x", { name: "x", qty: 7 });
      expect(await collect(store as unknown as AsyncIterable<Item>)).toEqual([{ name: "x", qty: 7 }]);
    });
  });
};
