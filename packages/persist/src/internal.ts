// For sibling packages (@tickfold/redis) that store the same state elsewhere; not a user API.
export { withMilestones, withRiskPosition } from "./transitions/file-edits.js";
export { KeyedQueue } from "./store/keyed-queue.js";
export { naturalOrder, encodeName } from "./store/entity-id.js";
export { pairEntity } from "./domain/layout.js";
export { outboxCodec } from "./outbox/outbox-record.js";
