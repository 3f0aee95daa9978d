import type { LoggerPort } from './logger-port';
import { canonicalUserId, isUserId } from './user';
import type { UnknownOutcome, UserRepository } from './user-repository';

export class UnknownOutcomeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnknownOutcomeError';
  }
}

/**
 * What operators do with OUTCOME_UNKNOWN intents (CCE has no lookup by card, so a person asks
 * Mastercard): list them, attach the userid Mastercard reports (the user becomes ACTIVE), or
 * release the card when Mastercard holds no user for it.
 */
export class UnknownOutcomeService {
  constructor(
    private readonly repository: UserRepository,
    private readonly logger: LoggerPort,
  ) {}

  list(): Promise<UnknownOutcome[]> {
    return this.repository.listUnknownOutcomes();
  }

  async resolve(intentId: string, userId: string): Promise<string> {
    if (!isUserId(userId))
      throw new UnknownOutcomeError('--user-id must be a CCE user id (36 hex digits and dashes)');
    const canonical = canonicalUserId(userId);
    if ((await this.repository.findStatuses([canonical])).size > 0) {
      throw new UnknownOutcomeError(`user ${canonical} is already in the cache`);
    }
    if (!(await this.repository.resolveUnknownOutcome(intentId, canonical))) {
      throw new UnknownOutcomeError(`no OUTCOME_UNKNOWN intent ${intentId}`);
    }
    this.logger.info({ intentId, userId: canonical }, 'unknown outcome resolved by an operator: user ACTIVE');
    return canonical;
  }

  async release(intentId: string): Promise<void> {
    if (!(await this.repository.releaseUnknownOutcome(intentId))) {
      throw new UnknownOutcomeError(`no OUTCOME_UNKNOWN intent ${intentId}`);
    }
    this.logger.info({ intentId }, 'unknown outcome released by an operator: the card can be enrolled again');
  }
}
