import type { Connection } from 'mongoose';
import {
  ABANDONED_INTENT_AFTER_MS,
  CacheMaintenance,
  DEFAULT_UNKNOWN_OUTCOME_RETENTION_DAYS,
  type CacheMaintenanceDependencies,
} from './cache-maintenance';
import type { EnrollmentEvents } from './enrollment-events';
import type { EnrollmentJournal } from './enrollment-journal';
import { readInstances } from './instance-registry';
import type { LoggerPort } from './logger-port';
import { MaintenanceLease } from './maintenance-lease';
import type { UserRepository } from './user-repository';

export interface CacheMaintenanceSettings {
  connection: Connection;
  repository: UserRepository;
  journal: EnrollmentJournal;
  /** The instance whose journal this is; it holds the sweep lease under this id. */
  instanceId: string;
  maintenanceIntervalMs: number;
  instanceStaleAfterMs?: number;
  unknownOutcomeRetentionDays?: number;
  maxTimeMS: number;
  events: EnrollmentEvents;
  clock: () => Date;
  logger: LoggerPort;
  deletions?: CacheMaintenanceDependencies['deletions'];
  purgeExpired?: CacheMaintenanceDependencies['purgeExpired'];
}

/** The reconcile step as the gateway and `npm run reconcile` both run it. */
export function createCacheMaintenance(settings: CacheMaintenanceSettings): CacheMaintenance {
  const { connection, clock, maxTimeMS } = settings;
  return new CacheMaintenance({
    repository: settings.repository,
    journal: settings.journal,
    lease: new MaintenanceLease(connection, settings.instanceId, clock, maxTimeMS),
    // The holder renews the lease every run; it lapses two runs after the holder died.
    leaseTtlMs: 2 * settings.maintenanceIntervalMs,
    instances: () => readInstances(connection, maxTimeMS),
    sweepRules: {
      abandonedAfterMs: ABANDONED_INTENT_AFTER_MS,
      instanceStaleAfterMs: settings.instanceStaleAfterMs ?? 60_000,
    },
    unknownOutcomeRetentionMs:
      (settings.unknownOutcomeRetentionDays ?? DEFAULT_UNKNOWN_OUTCOME_RETENTION_DAYS) * 24 * 3600_000,
    events: settings.events,
    clock,
    logger: settings.logger,
    ...(settings.deletions ? { deletions: settings.deletions } : {}),
    ...(settings.purgeExpired ? { purgeExpired: settings.purgeExpired } : {}),
  });
}
