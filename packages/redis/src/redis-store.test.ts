import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeStoreContract, itemCodec, type Item } from "../../persist/src/store/store-contract.fixture.js";
import { connectRedis } from "./redis-connection.js";
import { RedisStore } from "./redis-store.js";

let client: Awaited<ReturnType<typeof connectRedis>>;
beforeAll(async () => {
  client = await connectRedis(process.env.REDIS_URL!);
});
afterAll(() => client.close());

// Each store gets a namespace of its own on the suite's one server, so tests never see each other.
describeStoreContract(
  "redis store",
  async (entity, options) => new RedisStore<Item>(client, entity, `test-${randomUUID()}`, { codec: itemCodec, ...options }),
  /\{orders\}#ghost$/,
);

describe("redis store", () => {
  it("keeps every entity in one hash whose hash tag is the entity, so a cluster keeps it in one slot", async () => {
    const store = new RedisStore<Item>(client, "BTCUSDT_trend", `test-${randomUUID()}/signal`, { codec: itemCodec });
    await store.writeValue("BTCUSDT", { name: "x", qty: 1 });
    expect(store.key).toMatch(/\/signal\/\{BTCUSDT_trend\}$/);
    expect(await client.sendCommand(["HGET", store.key, "BTCUSDT"])).toBe('{"name":"x","qty":1}');
  });

  it("refuses stored text its codec rejects, naming the field and where it is", async () => {
    const store = new RedisStore<Item>(client, "orders", `test-${randomUUID()}`, { codec: itemCodec });
    await client.sendCommand(["HSET", store.key, "a", '{"name":"a","qty":-2}']);
    await expect(store.readValue("a")).rejects.toMatchObject({ code: "invalid_content", id: "a", message: expect.stringContaining("qty = -2") });
  });
});
