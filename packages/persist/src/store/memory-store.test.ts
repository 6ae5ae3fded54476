import { describe, expect, it } from "vitest";
import { PersistMemory } from "./memory-store.js";
import { describeStoreContract, itemCodec, type Item } from "./store-contract.fixture.js";

describeStoreContract("memory store", async (entity, options) => new PersistMemory<Item>(entity, "/data", { codec: itemCodec, ...options }));

describe("memory store", () => {
  it("names a memory path in its errors, so a message still says where the value was looked for", async () => {
    const store = new PersistMemory<Item>("orders", "./dump/data", { codec: itemCodec });
    await expect(store.readValue("x")).rejects.toMatchObject({ path: "memory:./dump/data/orders/x.json" });
  });

  it("keeps separate instances separate", async () => {
    const a = new PersistMemory<Item>("orders", "/data", { codec: itemCodec });
    const b = new PersistMemory<Item>("orders", "/data", { codec: itemCodec });
    await a.writeValue("k", { name: "k", qty: 1 });
    expect(await b.hasValue("k")).toBe(false);
  });
});
