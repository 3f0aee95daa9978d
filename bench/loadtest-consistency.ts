import type { Connection } from 'mongoose';
import type { RunningSandbox } from '../src/sandbox/sandbox-server';

export interface ConsistencyReport {
  cceUsers: number;
  /** CCE users the cache holds under their userid (ACTIVE or DELETION_PENDING). */
  cached: number;
  /** CCE users accounted for by an OUTCOME_UNKNOWN intent with the same last four digits. */
  unknownOutcome: number;
  /** CCE users the cache has no trace of: must be 0. */
  missing: number;
  /** Cached ACTIVE users CCE no longer holds (e.g. a deletion whose answer was lost, awaiting its re-check). */
  staleInCache: number;
  stillEnrolling: number;
  /** OUTCOME_UNKNOWN intents waiting for an operator (some for cards CCE never received, e.g. a dropped request). */
  outcomeUnknownIntents: number;
}

/** Compares who CCE (the sandbox) holds with what the cache knows. */
export async function checkConsistency(
  sandbox: RunningSandbox,
  connection: Connection,
): Promise<ConsistencyReport> {
  const documents = await connection.collection('users').find({}).toArray();
  const byUserId = new Map(documents.filter((d) => d.userId).map((d) => [d.userId as string, d]));
  const unknownLast4 = documents
    .filter((d) => d.status === 'OUTCOME_UNKNOWN')
    .map((d) => d.cardLast4 as string);
  const held = sandbox.state.list();
  let cached = 0;
  let unknownOutcome = 0;
  let missing = 0;
  for (const user of held) {
    const status = byUserId.get(user.userId)?.status;
    if (status === 'ACTIVE' || status === 'DELETION_PENDING') cached += 1;
    else {
      const index = unknownLast4.indexOf(user.cardLast4);
      if (index >= 0) {
        unknownLast4.splice(index, 1);
        unknownOutcome += 1;
      } else missing += 1;
    }
  }
  const heldIds = new Set(held.map((user) => user.userId));
  return {
    cceUsers: held.length,
    cached,
    unknownOutcome,
    missing,
    staleInCache: documents.filter((d) => d.status === 'ACTIVE' && !heldIds.has(d.userId as string)).length,
    stillEnrolling: documents.filter((d) => d.status === 'ENROLLING').length,
    outcomeUnknownIntents: documents.filter((d) => d.status === 'OUTCOME_UNKNOWN').length,
  };
}
