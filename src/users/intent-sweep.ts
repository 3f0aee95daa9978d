import type { InstanceRecord } from './instance-registry';
import type { UserDocument } from './user-document';

export interface SweepRules {
  /** Far beyond any CCE deadline and request budget: an intent this old waits for nothing. */
  abandonedAfterMs: number;
  /** An instance whose heartbeat is older than this is taken for dead. */
  instanceStaleAfterMs: number;
}

type Intent = Pick<UserDocument, '_id' | 'createdAt' | 'instanceId'>;

/**
 * Which ENROLLING intents can no longer be waiting for CCE's answer: too old, written by an
 * instance that has restarted since (its calls died with the old process), or by an instance
 * that stopped beating. Such an intent becomes OUTCOME_UNKNOWN; a false alarm costs nothing,
 * because a completion still turns OUTCOME_UNKNOWN into ACTIVE.
 */
export function abandonedIntents<T extends Intent>(
  intents: readonly T[],
  instances: readonly InstanceRecord[],
  now: Date,
  rules: SweepRules,
): T[] {
  const byId = new Map(instances.map((instance) => [instance._id, instance]));
  return intents.filter((intent) => {
    if (now.getTime() - intent.createdAt.getTime() > rules.abandonedAfterMs) return true;
    const instance = intent.instanceId === undefined ? undefined : byId.get(intent.instanceId);
    if (!instance) return false;
    if (instance.startedAt.getTime() > intent.createdAt.getTime()) return true;
    return now.getTime() - instance.heartbeatAt.getTime() > rules.instanceStaleAfterMs;
  });
}
