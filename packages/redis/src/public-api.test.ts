import { describe, expect, it } from "vitest";
import * as api from "./index.js";

describe("@tickfold/redis's public API", () => {
  it("exports the storages, ownership, consumer and store names, and nothing else", () => {
    expect(Object.keys(api).sort()).toEqual(["Lease", "LeaseHeldError", "LeaseLostError", "RedisStorage", "RedisStore", "acquireLease", "connectRedis", "consumeEvents", "createRedisStorage", "redisBackend", "redisLiveStorage"]);
  });
});
