import { randomUUID } from 'node:crypto';
import { CceApiError } from '../cce/cce-errors';
import type { UserProfile, UserReference } from '../cce/contract-types';
import { isInAccountRange, missingDonateFields } from '../cce/issuer-rules';
import type { CardFingerprinter } from './card-fingerprint';
import type { EnrollmentJournal, PendingCompletion } from './enrollment-journal';
import type { LoggerPort } from './logger-port';
import { withRetries } from './retry';
import { canonicalUserId, type User } from './user';
import { CardNotSupportedError, DuplicateCardError, InvalidInputError } from './user-errors';
import { toUser } from './user-mapping';
import type { NewIntent, UserRepository } from './user-repository';

export interface EnrollmentServiceDependencies {
  repository: UserRepository;
  cce: { enrollUser(profile: UserProfile): Promise<UserReference> };
  fingerprinter: CardFingerprinter;
  accountRanges: { current(): readonly string[] };
  donateEnabled: boolean;
  journal: EnrollmentJournal;
  clock: () => Date;
  logger: LoggerPort;
  /** Delays between attempts to record a completed enrollment before falling back to the journal. */
  completionRetryDelaysMs?: readonly number[];
}

/**
 * Enrolls cardholders without ever losing one CCE accepted: an ENROLLING intent is written first
 * (its unique card fingerprint refuses duplicates before CCE is called), CCE is called, and the
 * intent is completed with CCE's userid. If that last write keeps failing, the completion goes to
 * the journal, which the reconciler replays.
 */
export class EnrollmentService {
  constructor(private readonly deps: EnrollmentServiceDependencies) {}

  async enroll(profile: UserProfile): Promise<User> {
    this.checkIssuerRules(profile);
    const { repository, fingerprinter, clock } = this.deps;
    const intentId = randomUUID();
    const fingerprints = fingerprinter.fingerprints(profile.cardNumber);
    const intent: NewIntent = {
      _id: intentId,
      fingerprints,
      cardLast4: profile.cardNumber.slice(-4),
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
    };
    const inserted = await repository.insertIntent(intent);
    if (!inserted) {
      const existing = await repository.findByFingerprint(fingerprints);
      throw new DuplicateCardError(existing?.status === 'ENROLLING' ? 'enrollment-in-progress' : 'enrolled');
    }

    const reference = await this.callCce(intentId, profile);
    const completion = {
      intentId,
      userId: canonicalUserId(reference.userid),
      enrolledAt: clock().toISOString(),
    };
    await this.recordCompletion(completion);
    // The user as the cache now holds it (or will, once the journal is replayed).
    return toUser(
      { ...intent, status: 'ACTIVE', userId: completion.userId, enrolledAt: new Date(completion.enrolledAt) },
      intent.personal,
    );
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
    if (!isInAccountRange(profile.cardNumber, this.deps.accountRanges.current()))
      throw new CardNotSupportedError();
  }

  /** A CCE failure removes the intent, so no user is left behind; CCE's card verdicts become domain errors. */
  private async callCce(intentId: string, profile: UserProfile): Promise<UserReference> {
    try {
      return await this.deps.cce.enrollUser(profile);
    } catch (error) {
      await this.deps.repository.removeIntent(intentId).catch((removal: Error) =>
        // The reconciler removes abandoned intents; until then the card reads as "in progress".
        this.deps.logger.warn(
          { intentId, error: removal.message },
          'could not remove a failed enrollment intent',
        ),
      );
      if (error instanceof CceApiError && error.reasonCode === 'CARD_ALREADY_ENROLLED') {
        throw new DuplicateCardError('reported-by-cce');
      }
      if (error instanceof CceApiError && error.reasonCode === 'CARD_NOT_SUPPORTED')
        throw new CardNotSupportedError();
      throw error;
    }
  }

  private async recordCompletion(completion: PendingCompletion): Promise<void> {
    const { repository, journal, logger } = this.deps;
    try {
      await withRetries(
        () =>
          repository.completeEnrollment(
            completion.intentId,
            completion.userId,
            new Date(completion.enrolledAt),
          ),
        this.deps.completionRetryDelaysMs ?? [50, 250, 1000],
      );
      return;
    } catch (error) {
      logger.error(
        { ...completion, error: (error as Error).message },
        'database write failed after CCE enrolled the user; journaling the completion for the reconciler',
      );
    }
    try {
      await journal.append(completion);
    } catch (error) {
      // Last resort: this log line is the record. It names ids only, never card data.
      logger.error(
        { ...completion, journal: journal.file, error: (error as Error).message },
        'ENROLLMENT NOT RECORDED: re-run the reconciler with this entry added to the journal',
      );
    }
  }
}
