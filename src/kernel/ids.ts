import { randomUUID } from 'node:crypto';

/** A new opaque identifier for hub-owned rows (import runs, audit entries …). */
export function newId(): string {
  return randomUUID();
}
