import type { EnrollmentJournal, PendingCompletion } from './enrollment-journal';
import type { LoggerPort } from './logger-port';
import { CCE_PROCESSING_WINDOW_MS } from './user';
import type { UserRepository } from './user-repository';

/** Far beyond any CCE deadline: an intent this old is no longer waiting for CCE's answer. */
export const ABANDONED_INTENT_AFTER_MS = 15 * 60_000;

export interface MaintenanceReport {
  /** Journaled enrollments now recorded in the database (or found recorded already). */
  completed: number;
  /** Journaled enrollments the database still refused (kept for the next run). */
  stillPending: number;
  /** Journaled enrollments whose intent was gone: the user exists at CCE, not in the cache (logged). */
  orphaned: number;
  /** Journal lines that could not be read, moved to `<journal>.corrupt` (logged). */
  corruptLines: number;
  /** ENROLLING intents older than `abandonedAfterMs`: removed, their outcome at CCE unknown. */
  abandoned: number;
  /** DELETION_PENDING users older than 24 h, now DELETED. */
  deletionsCompleted: number;
}

export interface CacheMaintenanceDependencies {
  repository: UserRepository;
  journal: EnrollmentJournal;
  clock: () => Date;
  logger: LoggerPort;
  /** An intent older than this can no longer be waiting for CCE (far beyond the CCE timeout). */
  abandonedAfterMs: number;
}

/**
 * The reconcile step: finishes journaled enrollments, clears abandoned intents, and completes
 * deletions after CCE's 24 h. Idempotent; run at start-up, periodically, and by `npm run reconcile`.
 */
export class CacheMaintenance {
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: CacheMaintenanceDependencies) {}

  async run(): Promise<MaintenanceReport> {
    const { repository, journal, clock, logger } = this.deps;
    const taken = await journal.take();
    const stillPending: PendingCompletion[] = [];
    let orphaned = 0;
    for (const entry of taken.entries) {
      try {
        const outcome = await repository.completeEnrollment(
          entry.intentId,
          entry.userId,
          new Date(entry.enrolledAt),
        );
        if (outcome === 'intent-missing') {
          orphaned += 1;
          logger.error(
            { ...entry },
            'a journaled enrollment has no intent left: the user exists at CCE but not in the cache',
          );
        }
      } catch {
        stillPending.push(entry);
      }
    }
    await taken.settle(stillPending);
    if (taken.corruptLines > 0) {
      logger.error(
        { lines: taken.corruptLines, file: `${journal.file}.corrupt` },
        'unreadable enrollment journal lines',
      );
    }

    const journaled = new Set(stillPending.map((entry) => entry.intentId));
    const abandoned = (
      await repository.findIntentsCreatedBefore(new Date(clock().getTime() - this.deps.abandonedAfterMs))
    ).filter((intent) => !journaled.has(intent._id));
    for (const intent of abandoned) {
      logger.warn(
        { intentId: intent._id, cardLast4: intent.cardLast4 },
        'removing an abandoned enrollment intent: if CCE enrolled the card, a new enrollment is refused as DUPLICATE_CARD',
      );
      await repository.removeIntent(intent._id);
    }

    const deletionsCompleted = await repository.completeDeletionsRequestedBefore(
      new Date(clock().getTime() - CCE_PROCESSING_WINDOW_MS),
    );
    const report = {
      completed: taken.entries.length - stillPending.length - orphaned,
      stillPending: stillPending.length,
      orphaned,
      corruptLines: taken.corruptLines,
      abandoned: abandoned.length,
      deletionsCompleted,
    };
    if (Object.values(report).some((count) => count > 0)) logger.info(report, 'cache maintenance');
    return report;
  }

  start(everyMs: number): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
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
