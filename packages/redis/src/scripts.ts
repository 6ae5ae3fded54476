import { createHash } from "node:crypto";
import type { RedisConnection } from "./redis-connection.js";

/** A Lua script run by EVALSHA, loaded with EVAL the first time a server does not know it. */
export interface LuaScript {
  readonly source: string;
  readonly sha: string;
}

const script = (source: string): LuaScript => ({ source, sha: createHash("sha1").update(source).digest("hex") });

export const runScript = async <T>(redis: RedisConnection, lua: LuaScript, keys: ReadonlyArray<string>, args: ReadonlyArray<string>): Promise<T> => {
  const tail = [String(keys.length), ...keys, ...args];
  try {
    return await redis.sendCommand<T>(["EVALSHA", lua.sha, ...tail]);
  } catch (error) {
    if (!String((error as Error).message).startsWith("NOSCRIPT")) throw error;
    return redis.sendCommand<T>(["EVAL", lua.source, ...tail]);
  }
};

/**
 * The commit: one atomic step. KEYS[1] the pair's fence, KEYS[2] its stream, KEYS[3] its journal,
 * then the hashes. ARGV: token, stream bound, #checks, #writes, #deletes, #events, #lines, then
 * the checks (key index, field, the text read before, '' for none), the writes (key index, field,
 * text), the deletes (key index, field), the events (id, topic, JSON) and the journal lines.
 * Nothing is written unless the token is the fence's current value and every check still holds;
 * then the journal lines go first (the journal is never behind the state), the state, the events.
 */
export const COMMIT = script(`
local fence = tonumber(redis.call('GET', KEYS[1]) or '0')
if fence ~= tonumber(ARGV[1]) then return {'fenced', tostring(fence)} end
local checks, writes, deletes, events, lines = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
local a = 8
for i = 1, checks do
  local key = KEYS[tonumber(ARGV[a])]
  if (redis.call('HGET', key, ARGV[a + 1]) or '') ~= ARGV[a + 2] then return {'conflict', key} end
  a = a + 3
end
local journal = a + 3 * writes + 2 * deletes + 3 * events
for i = 0, lines - 1 do redis.call('RPUSH', KEYS[3], ARGV[journal + i]) end
for i = 1, writes do
  redis.call('HSET', KEYS[tonumber(ARGV[a])], ARGV[a + 1], ARGV[a + 2])
  a = a + 3
end
for i = 1, deletes do
  redis.call('HDEL', KEYS[tonumber(ARGV[a])], ARGV[a + 1])
  a = a + 2
end
local reply = {'ok'}
for i = 1, events do
  reply[#reply + 1] = redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], '*', 'id', ARGV[a], 'topic', ARGV[a + 1], 'payload', ARGV[a + 2])
  a = a + 3
end
return reply
`);

/** Takes a free lease (KEYS[1]) for ARGV[1] for ARGV[2] ms and returns the next fencing token (KEYS[2]). */
export const ACQUIRE = script(`
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return redis.call('INCR', KEYS[2]) end
return false
`);

/**
 * Extends the lease while the token is still the newest. A lease that expired with nobody taking
 * over is taken again: no other owner got a token since, so this one's commits are still the valid
 * ones. Returns 1 when held, 0 when lost.
 */
export const RENEW = script(`
if tonumber(redis.call('GET', KEYS[2]) or '0') ~= tonumber(ARGV[3]) then return 0 end
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
if holder == false then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end
return 0
`);

/** Gives the lease up if this owner still holds it. */
export const RELEASE = script(`
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) return 1 end
return 0
`);
