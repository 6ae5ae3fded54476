import type { Pair } from "@tickfold/persist";
import { encodeName, pairEntity } from "@tickfold/persist/internal";

/**
 * The key scheme. Every key of one pair carries the pair's hash tag `{symbol_strategyName}` (the
 * persist package's one-to-one pair name, so `BTC_USDT`/`trend` and `BTC`/`USDT_trend` never share
 * one), so a Redis Cluster puts them in one slot and a script may touch them together:
 *   <ns>/signal/{pair}     hash: symbol → stored signal (same JSON as the file store's file)
 *   <ns>/schedule/{pair}   hash: symbol → scheduled signal
 *   <ns>/partial/{pair}    hash: "levels" → milestones
 *   <ns>/outbox/{pair}     always empty: a commit is atomic, the stream is the outbox
 *   <ns>/live/{pair}       hash: "meta" → the live meta (cursor, lastSignalId, askedBucket), "seq" → last record's seq
 *   <ns>/unacked/{pair}    hash: seq → a committed record not yet delivered by its owner (persist's outbox record)
 *   <ns>/journal/{pair}    list: the input journal, one encodeJournalLine line an element
 *   <ns>/events/{pair}     stream of the pair's committed events
 *   <ns>/lease/{pair}      the owner's lease (SET NX PX)
 *   <ns>/fence/{pair}      the fencing counter (INCR)
 *   <ns>/risk/{riskName}   hash: "positions" → the profile's positions (a key of its own, see DESIGN)
 */
export const hashKey = (domainDir: string, entityName: string): string => `${domainDir}/{${encodeName("entity name", entityName)}}`;

const pairKey = (namespace: string, kind: string, pair: Pair): string => hashKey(`${namespace}/${kind}`, pairEntity(pair));

export const streamKey = (namespace: string, pair: Pair): string => pairKey(namespace, "events", pair);
export const leaseKey = (namespace: string, pair: Pair): string => pairKey(namespace, "lease", pair);
export const fenceKey = (namespace: string, pair: Pair): string => pairKey(namespace, "fence", pair);
export const journalKey = (namespace: string, pair: Pair): string => pairKey(namespace, "journal", pair);
export const liveKey = (namespace: string, pair: Pair): string => pairKey(namespace, "live", pair);
export const unackedKey = (namespace: string, pair: Pair): string => pairKey(namespace, "unacked", pair);
