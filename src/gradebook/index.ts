// Gradebook writes (grade pass back): the rules as data and the one write path for every entity.
export { putRecord, createRecords, deleteRecord, type GradebookWriter, type WriteOutcome, type SourcedIdPair, type Parent } from './write-records.ts';
export type { Bind } from './check-references.ts';
export { REFERENCE_RULES, DELETE_CASCADES, type ReferenceRule } from './write-rules.ts';
export { gradebookTableSpecs } from './outbox-tables.ts';
export {
  OUTBOX_OPERATIONS,
  OUTBOX_STATUSES,
  listOutbox,
  markOutbox,
  requeueFailedOutbox,
  discardPendingOutbox,
  type OutboxOperation,
  type OutboxStatus,
  type OutboxRow,
  type OutboxWrite,
  type OutboxDelivery,
} from './outbox.ts';
