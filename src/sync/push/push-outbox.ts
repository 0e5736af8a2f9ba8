import { listOutbox, requeueFailedOutbox, type OutboxRow, type OutboxStatus } from '../../gradebook/index.ts';
import { isoTimestamp, type Clock } from '../../kernel/index.ts';
import type { Db } from '../../store/index.ts';
import type { Connection } from '../connections.ts';

/** The outbox a connection delivers: its hub district's gradebook writes, oldest first. */
export function connectionOutbox(db: Db, connection: Connection, options: { status?: OutboxStatus; limit?: number } = {}): Promise<OutboxRow[]> {
  return listOutbox(db, connection.districtId, options);
}

/** Failed rows of the connection's district back to pending (attempts reset), for the next push; how many. */
export function retryFailedPushes(db: Db, clock: Clock, connection: Connection): Promise<number> {
  return requeueFailedOutbox(db, connection.districtId, isoTimestamp(clock.now()));
}
