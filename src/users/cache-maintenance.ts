import type { EnrollmentEvents } from './enrollment-events';
import type { EnrollmentJournal, PendingCompletion } from './enrollment-journal';
import type { InstanceRecord } from './instance-registry';
import { abandonedIntents, type SweepRules } from './intent-sweep';
import type { LoggerPort } from './logger-port';
import type { MaintenanceLease } from './maintenance-lease';
import { CCE_PROCESSING_WINDOW_MS } from './user';
import type { UserRepository } from './user-repository';

/** Far beyond any CCE deadline: an intent this old is no longer waiting for CCE's answer. */
export const ABANDONED_INTENT_AFTER_MS = 15 * 60_000;
/** How long an OUTCOME_UNKNOWN intent keeps the cardholder's personal data (README, cache behaviour). */
export const DEFAULT_UNKNOWN_OUTCOME_RETENTION_DAYS = 30;
const SWEEP_LEASE = 'cache-sweep';

export interface MaintenanceReport {
  /** Journaled enrollments now recorded in the database (or found recorded already). */
  completed: number;
  /** Journaled enrollments the database still refused (kept for the next run). */
  stillPending: number;
  /** Journaled enrollments with no intent left: moved to the dead-letter file (logged). */
  orphaned: number;
  /** Journal lines that could not be read, moved to `<journal>.corrupt` (logged). */
  corruptLines: number;
  /** Whether this run held the sweep lease; another instance sweeps otherwise. */
  swept: boolean;
  /** ENROLLING intents found abandoned: now OUTCOME_UNKNOWN (never removed). */
  markedUnknown: number;
  /** OUTCOME_UNKNOWN intents past the retention whose personal data was erased. */
  unknownOutcomesErased: number;
  /** DELETION_PENDING users older than 24 h, now DELETED. */
  deletionsCompleted: number;
  /** Deletions whose CCE outcome was unknown, sent again and settled. */
  deletionsRechecked: number;
  /** OUTCOME_UNKNOWN intents waiting for an operator (`npm run outcomes -- list`). */
  unknownOutcomes: number;
}

export interface CacheMaintenanceDependencies {
  repository: UserRepository;
  journal: EnrollmentJournal;
  lease: MaintenanceLease;
  /** The lease outlives a run, so the holder keeps sweeping and a dead holder is replaced. */
  leaseTtlMs: number;
  instances: () => Promise<InstanceRecord[]>;
  sweepRules: SweepRules;
  unknownOutcomeRetentionMs: number;
  events: EnrollmentEvents;
  clock: () => Date;
  logger: LoggerPort;
  /** Re-sends deletions whose outcome was unknown (needs CCE; the reconcile command has none). */
  deletions?: { recheckUnknownOutcomes(): Promise<number> };
  /** Drops cached CCE answers too old to be served (carbon scores); every instance may run it. */
  purgeExpired?: (now: Date) => Promise<number>;
}

/**
 * The reconcile step. Every instance replays its own journal; the sweep (abandoned intents,
 * retention, due deletions) runs under a lease, one instance at a time. Nothing here removes an
 * intent. Idempotent; run at start-up, periodically, and by `npm run reconcile`.
 */
export class CacheMaintenance {
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<MaintenanceReport> | undefined;

  constructor(private readonly deps: CacheMaintenanceDependencies) {}

  /** One run at a time: a call while a run is going on (start-up's, the timer's, a test's) joins it. */
  run(): Promise<MaintenanceReport> {
    this.current ??= this.runOnce().finally(() => (this.current = undefined));
    return this.current;
  }

  private async runOnce(): Promise<MaintenanceReport> {
    const replay = await this.replayJournal();
    const swept = await this.deps.lease.tryAcquire(SWEEP_LEASE, this.deps.leaseTtlMs);
    const sweep = swept
      ? await this.sweep(new Set(replay.stillPending.map((entry) => entry.intentId)))
      : { markedUnknown: 0, unknownOutcomesErased: 0, deletionsCompleted: 0, deletionsRechecked: 0 };
    await this.deps
      .purgeExpired?.(this.deps.clock())
      .catch((error: Error) =>
        this.deps.logger.warn({ error: error.message }, 'could not purge expired caches'),
      );
    const unknownOutcomes = await this.deps.repository.countUnknownOutcomes();
    this.deps.events.unknownOutcomesWaiting(unknownOutcomes);
    this.deps.events.journalState({
      pending: replay.stillPending.length,
      deadLetters: (await this.deps.journal.deadLetters()).length,
      corruptLines: await this.deps.journal.corruptLines(),
    });
    const report: MaintenanceReport = {
      completed: replay.completed,
      stillPending: replay.stillPending.length,
      orphaned: replay.orphaned,
      corruptLines: replay.corruptLines,
      swept,
      ...sweep,
      unknownOutcomes,
    };
    if (replay.completed + replay.stillPending.length + replay.orphaned + sweep.markedUnknown > 0) {
      this.deps.logger.info(report, 'cache maintenance');
    }
    return report;
  }

  /**
   * Completes ENROLLING and OUTCOME_UNKNOWN intents from this instance's journal. Also run at a
   * graceful shutdown, so that a stopped instance leaves no journal behind.
   */
  async replayJournal() {
    const { repository, journal, logger } = this.deps;
    const taken = await journal.take();
    const stillPending: PendingCompletion[] = [];
    const orphans: PendingCompletion[] = [];
    for (const entry of taken.entries) {
      try {
        const outcome = await repository.completeEnrollment(
          entry.intentId,
          entry.userId,
          new Date(entry.enrolledAt),
        );
        if (outcome === 'intent-missing') orphans.push(entry);
      } catch {
        stillPending.push(entry);
      }
    }
    try {
      await journal.deadLetter(orphans);
    } catch {
      stillPending.push(...orphans);
      orphans.length = 0;
    }
    const { corruptLines } = await taken.settle(stillPending);
    for (const entry of orphans) {
      logger.error(
        { ...entry, deadLetterFile: journal.deadLetterFile },
        'a journaled enrollment has no intent left: the user exists at CCE but not in the cache',
      );
    }
    if (corruptLines > 0) {
      logger.error(
        { lines: corruptLines, file: `${journal.file}.corrupt` },
        'unreadable enrollment journal lines',
      );
    }
    return {
      completed: taken.entries.length - stillPending.length - orphans.length,
      stillPending,
      orphaned: orphans.length,
      corruptLines,
    };
  }

  private async sweep(journaled: ReadonlySet<string>) {
    const { repository, clock, logger, events } = this.deps;
    const now = clock();
    const abandoned = abandonedIntents(
      (await repository.findEnrollingIntents()).filter((intent) => !journaled.has(intent._id)),
      await this.deps.instances(),
      now,
      this.deps.sweepRules,
    );
    const markedUnknown = await repository.markOutcomeUnknown(
      abandoned.map((intent) => intent._id),
      now,
    );
    for (const intent of abandoned) {
      logger.error(
        { intentId: intent._id, cardLast4: intent.cardLast4, instanceId: intent.instanceId },
        'abandoned enrollment: CCE may have enrolled the card. Kept as OUTCOME_UNKNOWN; see `npm run outcomes -- list`',
      );
    }
    if (markedUnknown > 0) events.outcomeUnknown('sweep', markedUnknown);
    const unknownOutcomesErased = await repository.erasePersonalDataOfUnknownOutcomesBefore(
      new Date(now.getTime() - this.deps.unknownOutcomeRetentionMs),
    );
    const deletionsCompleted = await repository.completeDeletionsRequestedBefore(
      new Date(now.getTime() - CCE_PROCESSING_WINDOW_MS),
    );
    const deletionsRechecked = await this.recheckDeletions();
    return { markedUnknown, unknownOutcomesErased, deletionsCompleted, deletionsRechecked };
  }

  private async recheckDeletions(): Promise<number> {
    try {
      return (await this.deps.deletions?.recheckUnknownOutcomes()) ?? 0;
    } catch (error) {
      this.deps.logger.warn(
        { error: (error as Error).message },
        'could not recheck deletions with an unknown outcome',
      );
      return 0;
    }
  }

  start(everyMs: number): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      // A stalled database must not pile up runs: `run` joins the one still going.
      this.run().catch((error: Error) =>
        this.deps.logger.warn({ error: error.message }, 'cache maintenance failed'),
      );
    }, everyMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
