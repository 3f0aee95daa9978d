import { randomUUID } from 'node:crypto';
import { CceApiError, type CceOutcome } from '../cce/cce-errors';
import type { CcePort } from '../cce/cce-port';
import type { UserProfile, UserReference } from '../cce/contract-types';
import { isInAccountRange, missingDonateFields } from '../cce/issuer-rules';
import type { CardFingerprinter } from './card-fingerprint';
import type { EnrollmentJournal, PendingCompletion } from './enrollment-journal';
import type { EnrollmentEvents } from './enrollment-events';
import type { LoggerPort } from './logger-port';
import { withRetries } from './retry';
import { canonicalUserId, type User } from './user';
import {
  CardNotSupportedError,
  DuplicateCardError,
  InvalidInputError,
  IssuerProfileUnknownError,
} from './user-errors';
import { assertNoCardNumberAcrossFields } from './profile-free-text';
import { toUser } from './user-mapping';
import type { NewIntent, UserRepository } from './user-repository';
import { RequestBudget } from './request-budget';

export interface EnrollmentServiceDependencies {
  repository: UserRepository;
  cce: CcePort;
  fingerprinter: CardFingerprinter;
  /** The issuer's supportedAccountRange, once configuration, CCE or the database has told it. */
  issuerProfile: { accountRange(): readonly string[] | undefined };
  donateEnabled: boolean;
  journal: EnrollmentJournal;
  /** Written on every intent, so a sweep can tell whose in-flight enrollments died with them. */
  instanceId: string;
  events: EnrollmentEvents;
  clock: () => Date;
  logger: LoggerPort;
  /** Delays between attempts to record a completed enrollment in the database. */
  completionRetryDelaysMs?: readonly number[];
  /**
   * TESTS ONLY: awaited at each step so a crash test can kill the process exactly there. Only the
   * test entry point (test/support/gateway-child.ts) sets it; production leaves it undefined.
   */
  testOnlyPauseAt?: (step: EnrollmentStep) => Promise<void>;
}

/** The steps a crash test can stop an enrollment at. */
export type EnrollmentStep = 'before-cce-call' | 'cce-answered' | 'completion-journaled';

/**
 * Enrolls cardholders without ever losing one CCE accepted:
 * 1. an ENROLLING intent is written (its unique card fingerprint refuses duplicates before CCE is called);
 * 2. CCE is called, never retried;
 * 3. the moment CCE returns a userid, the completion is appended to the journal with fsync
 *    (write-ahead: from here a crash loses nothing, the reconcile step replays it);
 * 4. the intent becomes ACTIVE in the database; 5. the client gets its user.
 * A call that may have reached CCE without an answer leaves the intent OUTCOME_UNKNOWN for operators.
 */
export class EnrollmentService {
  constructor(private readonly deps: EnrollmentServiceDependencies) {}

  async enroll(profile: UserProfile, budget: RequestBudget = RequestBudget.unlimited()): Promise<User> {
    assertNoCardNumberAcrossFields(profile);
    this.checkIssuerRules(profile);
    const { repository, fingerprinter, clock } = this.deps;
    const intentId = randomUUID();
    const fingerprints = fingerprinter.fingerprints(profile.cardNumber);
    const cardLast4 = profile.cardNumber.slice(-4);
    const intent: NewIntent = {
      _id: intentId,
      fingerprints,
      cardLast4,
      cardBaseCurrency: profile.cardBaseCurrency.toUpperCase(),
      personal: {
        cardholderName: profile.cardholderName,
        ...(profile.email
          ? { email: { type: profile.email.type ?? null, value: profile.email.value ?? null } }
          : {}),
        ...(profile.name
          ? { name: { firstName: profile.name.firstName, lastName: profile.name.lastName } }
          : {}),
        ...(profile.locale ? { locale: profile.locale } : {}),
      },
      createdAt: clock(),
      instanceId: this.deps.instanceId,
      donateProfileComplete: missingDonateFields(profile).length === 0,
    };
    const inserted = await this.insertIntent(intentId, intent);
    if (!inserted) {
      const existing = await repository.findByFingerprint(fingerprints);
      throw new DuplicateCardError(
        existing?.status === 'ENROLLING'
          ? 'enrollment-in-progress'
          : existing?.status === 'OUTCOME_UNKNOWN'
            ? 'outcome-unknown'
            : 'enrolled',
      );
    }

    await this.deps.testOnlyPauseAt?.('before-cce-call');
    try {
      budget.assertTimeLeft(this.deps.cce.callDeadlineMs);
    } catch (error) {
      await this.removeIntent(intentId);
      throw error;
    }
    const reference = await this.callCce(intentId, cardLast4, profile);
    const completion = {
      intentId,
      userId: canonicalUserId(reference.userid),
      enrolledAt: clock().toISOString(),
    };
    await this.deps.testOnlyPauseAt?.('cce-answered');
    const journaled = await this.journalCompletion(completion);
    await this.deps.testOnlyPauseAt?.('completion-journaled');
    await this.recordCompletion(completion, journaled);
    // The user as the cache now holds it (or will, once the journal is replayed).
    return toUser(
      { ...intent, status: 'ACTIVE', userId: completion.userId, enrolledAt: new Date(completion.enrolledAt) },
      () => intent.personal,
    );
  }

  /**
   * A failed insert may still land later (a stalled database applies it when it resumes), leaving
   * an intent whose CCE call never happened: removing it in the background frees the card.
   */
  private async insertIntent(intentId: string, intent: NewIntent): Promise<boolean> {
    try {
      return await this.deps.repository.insertIntent(intent);
    } catch (error) {
      void withRetries(() => this.deps.repository.removeIntent(intentId), [1_000, 5_000, 30_000]).catch(
        () => undefined,
      );
      throw error;
    }
  }

  private checkIssuerRules(profile: UserProfile): void {
    if (this.deps.donateEnabled) {
      const missing = missingDonateFields(profile);
      if (missing.length > 0) {
        throw new InvalidInputError(
          missing.map((path) => ({
            path,
            message: `${path} is required: the issuer has the Donate feature on`,
          })),
        );
      }
    }
    const prefixes = this.deps.issuerProfile.accountRange();
    if (!prefixes) throw new IssuerProfileUnknownError();
    if (!isInAccountRange(profile.cardNumber, prefixes)) throw new CardNotSupportedError();
  }

  /**
   * A failure CCE certainly did not act on removes the intent; one it may have acted on keeps the
   * intent as OUTCOME_UNKNOWN. CCE's card verdicts become domain errors.
   */
  private async callCce(intentId: string, cardLast4: string, profile: UserProfile): Promise<UserReference> {
    try {
      return await this.deps.cce.enrollUser(profile);
    } catch (error) {
      // CCE holding the card already means a user the cache does not know: kept for operators (who
      // attach the userid Mastercard gives them), like a call whose outcome is unknown.
      const heldByCce = error instanceof CceApiError && error.reasonCode === 'CARD_ALREADY_ENROLLED';
      if (heldByCce || outcomeOf(error) === 'UNKNOWN') {
        await this.keepUnknownOutcome(intentId, cardLast4, error as Error);
      } else await this.removeIntent(intentId);
      if (heldByCce) throw new DuplicateCardError('reported-by-cce');
      if (error instanceof CceApiError && error.reasonCode === 'CARD_NOT_SUPPORTED')
        throw new CardNotSupportedError();
      throw error;
    }
  }

  private async removeIntent(intentId: string): Promise<void> {
    await this.deps.repository.removeIntent(intentId).catch((removal: Error) =>
      // The sweep turns the leftover into OUTCOME_UNKNOWN; an operator then releases the card.
      this.deps.logger.warn(
        { intentId, error: removal.message },
        'could not remove a failed enrollment intent',
      ),
    );
  }

  private async keepUnknownOutcome(intentId: string, cardLast4: string, cause: Error): Promise<void> {
    const { repository, clock, logger, events } = this.deps;
    logger.error(
      { intentId, cardLast4, error: cause.message },
      'enrollment outcome unknown: CCE may have enrolled the card. Kept as OUTCOME_UNKNOWN; ' +
        'see `npm run outcomes -- list`',
    );
    try {
      if ((await repository.markOutcomeUnknown([intentId], clock())) > 0) events.outcomeUnknown('request', 1);
    } catch (error) {
      // Still ENROLLING: the sweep turns it OUTCOME_UNKNOWN once it is abandoned.
      logger.warn(
        { intentId, error: (error as Error).message },
        'could not mark the intent OUTCOME_UNKNOWN yet',
      );
    }
  }

  /** Write-ahead: CCE's answer is on disk before anything else can fail. True once it is durable. */
  private async journalCompletion(completion: PendingCompletion): Promise<boolean> {
    try {
      await this.deps.journal.append(completion);
      return true;
    } catch (error) {
      this.deps.events.journalAppendFailed();
      this.deps.logger.error(
        { ...completion, journal: this.deps.journal.file, error: (error as Error).message },
        'could not journal a completed enrollment; recording it in the database only',
      );
      return false;
    }
  }

  /**
   * Once journaled, one attempt is enough: the reconcile step finishes the rest, and the client gets its
   * answer without waiting out retries. Without the journal, the database write is the only record
   * besides the log, so it is retried.
   */
  private async recordCompletion(completion: PendingCompletion, journaled: boolean): Promise<void> {
    try {
      await withRetries(
        () =>
          this.deps.repository.completeEnrollment(
            completion.intentId,
            completion.userId,
            new Date(completion.enrolledAt),
          ),
        journaled ? [] : (this.deps.completionRetryDelaysMs ?? [50, 250, 1000]),
      );
    } catch (error) {
      // The journal holds it (or, if the journal failed too, this line is the record: ids only).
      this.deps.logger.error(
        { ...completion, journal: this.deps.journal.file, error: (error as Error).message },
        'database write failed after CCE enrolled the user; the reconcile step completes it from the journal',
      );
    }
  }
}

/** Anything but a typed CCE failure may have happened after the request left: assume the worst. */
function outcomeOf(error: unknown): CceOutcome {
  const outcome = (error as { outcome?: unknown }).outcome;
  return outcome === 'SENT_REJECTED' || outcome === 'NOT_SENT' ? outcome : 'UNKNOWN';
}
