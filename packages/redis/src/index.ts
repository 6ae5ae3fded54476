export { connectRedis, type RedisConnection } from "./redis-connection.js";
export { RedisStore, redisBackend, type RedisLocation } from "./redis-store.js";
export { RedisStorage, createRedisStorage, type RedisCommit, type RedisStorageOptions } from "./redis-storage.js";
export { Lease, LeaseHeldError, LeaseLostError, acquireLease, type LeaseLoss, type LeaseOptions } from "./lease.js";
export { redisLiveStorage, type RedisCommittedRecord, type RedisLiveStorage, type RedisLiveStorageOptions, type RedisRecoveredInstance } from "./live-storage.js";
export { consumeEvents, type EventConsumer, type EventConsumerOptions } from "./event-consumer.js";
