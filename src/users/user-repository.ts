import { isDuplicateKey } from '../database/database-errors';
import type { Collection, Filter, FindOptions } from 'mongodb';
import type { QueryFilter } from 'mongoose';
import type { CardFingerprints } from './card-fingerprint';
import type { PersonalData } from './personal-data';
import type { PersonalDataCipher } from './personal-data-cipher';
import { sealedFields } from './sealed-fields';
import type { User, UserStatus } from './user';
import {
  INTENT_STATUSES,
  LEGACY_CLEAR_FIELDS,
  type StoredStatus,
  type UserDocument,
  type UserModel,
} from './user-document';
import { toUser } from './user-mapping';
import type { PagePosition, UserFilter } from './user-page';

/** An enrollment intent as the enrollment service knows it: clear data, sealed here. */
export interface NewIntent {
  readonly _id: string;
  readonly fingerprints: CardFingerprints;
  readonly cardLast4: string;
  readonly cardBaseCurrency: string;
  readonly personal: PersonalData;
  readonly createdAt: Date;
  /** The instance that wrote it, so a sweep can tell whose in-flight enrollments died with them. */
  readonly instanceId: string;
  readonly donateProfileComplete: boolean;
}

/** What an operator sees of an unknown outcome: never the card beyond its last four digits. */
export interface UnknownOutcome {
  readonly intentId: string;
  readonly cardLast4: string;
  readonly createdAt: Date;
  readonly outcomeUnknownAt: Date | undefined;
  readonly instanceId: string | undefined;
}

export interface UserRepositoryOptions {
  /** Server-side deadline of every read; writes are bounded by the connection's socketTimeoutMS. */
  maxTimeMS: number;
}

/**
 * Every database operation of the users cache. Each write touches one document or is an
 * idempotent multi-update, so no operation needs a transaction (FerretDB v1 has none). Personal
 * data is sealed on the way in and opened on the way out: nothing above this class sees the
 * stored form, nothing below it sees clear personal data.
 */

export class UserRepository {
  constructor(
    private readonly model: UserModel,
    private readonly cipher: PersonalDataCipher,
    private readonly options: UserRepositoryOptions = { maxTimeMS: 5_000 },
  ) {}

  /**
   * Creates the ENROLLING intent; false when the card is already known, under the newest
   * fingerprint key (the unique index decides, even between concurrent enrollments) or any older one.
   */
  async insertIntent(intent: NewIntent): Promise<boolean> {
    const { fingerprints } = intent;
    if (fingerprints.older.length > 0) {
      if (await this.model.exists({ cardFingerprint: { $in: [...fingerprints.older] } })) return false;
    }
    // Field by field, never a spread of the intent: whatever else an object passed here may hold (a card
    // number, say) is not stored. Mongoose's `strict: 'throw'` refused that before the driver wrote it.
    const document: UserDocument = {
      _id: intent._id,
      status: 'ENROLLING',
      cardFingerprint: fingerprints.current,
      cardFingerprintKeyId: fingerprints.keyId,
      cardLast4: intent.cardLast4,
      cardBaseCurrency: intent.cardBaseCurrency,
      ...sealedFields(this.cipher, intent._id, intent.personal),
      createdAt: intent.createdAt,
      instanceId: intent.instanceId,
      donateProfileComplete: intent.donateProfileComplete,
    };
    try {
      // Through the driver: every field is typed and built here, so mongoose's document creation and
      // validation would only check what TypeScript has (about 0.6 ms per enrollment in a profile, with the
      // completion's query casting; BENCHMARKS.md).
      await this.collection.insertOne(document);
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  async findByFingerprint(fingerprints: CardFingerprints): Promise<UserDocument | null> {
    return this.model
      .findOne({ cardFingerprint: { $in: [fingerprints.current, ...fingerprints.older] } })
      .maxTimeMS(this.options.maxTimeMS)
      .lean<UserDocument>();
  }

  /**
   * ENROLLING or OUTCOME_UNKNOWN -> ACTIVE. Idempotent: replaying a completion that already happened
   * answers `already-completed`; `intent-missing` means no intent is left to complete (released by
   * an operator, or resolved with another userid).
   */
  async completeEnrollment(
    intentId: string,
    userId: string,
    enrolledAt: Date,
  ): Promise<'completed' | 'already-completed' | 'intent-missing'> {
    // Through the driver, like the intent: the filter and the update need none of mongoose's casting.
    const result = await this.collection.updateOne(
      { _id: intentId, status: { $in: [...INTENT_STATUSES] } },
      { $set: { status: 'ACTIVE', userId, enrolledAt }, $unset: { outcomeUnknownAt: 1 } },
    );
    if (result.matchedCount > 0) return 'completed';
    const existing = await this.model
      .findOne({ _id: intentId }, { userId: 1 })
      .maxTimeMS(this.options.maxTimeMS)
      .lean<{ userId?: string }>();
    return existing?.userId === userId ? 'already-completed' : 'intent-missing';
  }

  /** Only for an intent whose CCE call certainly did not enroll (refused, or never sent). */
  async removeIntent(intentId: string): Promise<void> {
    await this.model.deleteOne({ _id: intentId, status: { $in: [...INTENT_STATUSES] } });
  }

  /** ENROLLING -> OUTCOME_UNKNOWN; returns how many changed. Never removes anything. */
  async markOutcomeUnknown(intentIds: readonly string[], at: Date): Promise<number> {
    if (intentIds.length === 0) return 0;
    const result = await this.model.updateMany(
      { _id: { $in: [...intentIds] }, status: 'ENROLLING' },
      { $set: { status: 'OUTCOME_UNKNOWN', outcomeUnknownAt: at } },
    );
    return result.modifiedCount;
  }

  async findEnrollingIntents(): Promise<
    Pick<UserDocument, '_id' | 'cardLast4' | 'createdAt' | 'instanceId'>[]
  > {
    return this.model
      .find({ status: 'ENROLLING' }, { _id: 1, cardLast4: 1, createdAt: 1, instanceId: 1 })
      .maxTimeMS(this.options.maxTimeMS)
      .lean<Pick<UserDocument, '_id' | 'cardLast4' | 'createdAt' | 'instanceId'>[]>();
  }

  async listUnknownOutcomes(): Promise<UnknownOutcome[]> {
    const documents = await this.model
      .find({ status: 'OUTCOME_UNKNOWN' })
      .maxTimeMS(this.options.maxTimeMS)
      .sort({ createdAt: 1 })
      .lean<UserDocument[]>();
    return documents.map((document) => ({
      intentId: document._id,
      cardLast4: document.cardLast4 ?? '',
      createdAt: document.createdAt,
      outcomeUnknownAt: document.outcomeUnknownAt,
      instanceId: document.instanceId,
    }));
  }

  async countUnknownOutcomes(): Promise<number> {
    return this.model.countDocuments({ status: 'OUTCOME_UNKNOWN' }).maxTimeMS(this.options.maxTimeMS);
  }

  /** An operator learned the userid from Mastercard: OUTCOME_UNKNOWN -> ACTIVE. */
  async resolveUnknownOutcome(intentId: string, userId: string): Promise<boolean> {
    const intent = await this.model
      .findOne({ _id: intentId, status: 'OUTCOME_UNKNOWN' })
      .maxTimeMS(this.options.maxTimeMS)
      .lean<UserDocument>();
    if (!intent) return false;
    const result = await this.model.updateOne(
      { _id: intentId, status: 'OUTCOME_UNKNOWN' },
      { $set: { status: 'ACTIVE', userId, enrolledAt: intent.createdAt }, $unset: { outcomeUnknownAt: 1 } },
    );
    return result.modifiedCount > 0;
  }

  /** An operator established that CCE does not hold the card: the intent goes, the card is free. */
  async releaseUnknownOutcome(intentId: string): Promise<boolean> {
    const result = await this.model.deleteOne({ _id: intentId, status: 'OUTCOME_UNKNOWN' });
    return result.deletedCount > 0;
  }

  /** Personal data of unknown outcomes older than the retention goes; fingerprint and last four stay. */
  async erasePersonalDataOfUnknownOutcomesBefore(before: Date): Promise<number> {
    const result = await this.model.updateMany(
      { status: 'OUTCOME_UNKNOWN', outcomeUnknownAt: { $lt: before }, personalData: { $exists: true } },
      { $unset: { personalData: 1, personalDataKeyId: 1, emailIndex: 1 } },
    );
    return result.modifiedCount;
  }

  /**
   * Where each of these users stands, without opening their personal data: a deletion needs no more,
   * so a document whose data cannot be opened never blocks its own erasure.
   */
  async findStatuses(userIds: readonly string[]): Promise<Map<string, StoredStatus>> {
    const documents = await this.model
      .find({ userId: { $in: [...userIds] } }, { userId: 1, status: 1 })
      .maxTimeMS(this.options.maxTimeMS)
      .lean<Pick<UserDocument, 'userId' | 'status'>[]>();
    return new Map(documents.map(({ userId, status }) => [userId!, status]));
  }

  async findByUserIds(userIds: readonly string[]): Promise<User[]> {
    const documents = await this.readMany({ userId: { $in: [...userIds] } });
    return documents.map((document) => this.toUser(document));
  }

  async markDeletionPending(userIds: readonly string[], at: Date): Promise<void> {
    if (userIds.length === 0) return;
    await this.model.updateMany(
      { userId: { $in: [...userIds] }, status: 'ACTIVE' },
      {
        $set: { status: 'DELETION_PENDING', deletionRequestedAt: at },
        $unset: { deletionOutcomeUnknownAt: 1 },
      },
    );
  }

  /** DELETION_PENDING for longer than CCE needs -> DELETED. */
  async completeDeletionsRequestedBefore(before: Date): Promise<number> {
    const due = await this.model
      .find({ status: 'DELETION_PENDING', deletionRequestedAt: { $lte: before } }, { _id: 1 })
      .maxTimeMS(this.options.maxTimeMS)
      .lean<{ _id: string }[]>();
    for (const { _id } of due) await this.erase(_id, 'DELETION_PENDING');
    return due.length;
  }

  /** ACTIVE users CCE no longer knows -> DELETED at once: the cached record is stale. */
  async markDeleted(userIds: readonly string[], at: Date): Promise<void> {
    if (userIds.length === 0) return;
    const stale = await this.model
      .find({ userId: { $in: [...userIds] }, status: 'ACTIVE' }, { _id: 1 })
      .maxTimeMS(this.options.maxTimeMS)
      .lean<{ _id: string }[]>();
    for (const { _id } of stale) await this.erase(_id, 'ACTIVE', at);
  }

  /**
   * DELETED keeps only ids, status, dates and the card's currency: personal data, its blind index and
   * the card's last digits are erased (the contract asks providers to remove deleted users and their
   * cards), and the fingerprint is replaced by a unique placeholder so the card can be enrolled again.
   */
  private async erase(_id: string, from: StoredStatus, deletionRequestedAt?: Date): Promise<void> {
    await this.model.updateOne(
      { _id, status: from },
      {
        $set: {
          status: 'DELETED',
          cardFingerprint: `released:${_id}`,
          ...(deletionRequestedAt ? { deletionRequestedAt } : {}),
        },
        $unset: {
          cardFingerprintKeyId: 1,
          cardLast4: 1,
          personalData: 1,
          personalDataKeyId: 1,
          emailIndex: 1,
          deletionOutcomeUnknownAt: 1,
          updateHoldId: 1,
          updateHoldUntil: 1,
        },
      },
    );
    // Clear personal data from before encryption at rest, in fields the schema no longer knows.
    await this.model.collection.updateOne({ _id, status: 'DELETED' } as never, {
      $unset: Object.fromEntries(LEGACY_CLEAR_FIELDS.map((field) => [field, 1])),
    });
  }

  /** CCE may or may not have deleted these ACTIVE users: the reconcile step asks again. */
  async markDeletionOutcomeUnknown(userIds: readonly string[], at: Date): Promise<void> {
    if (userIds.length === 0) return;
    await this.model.updateMany(
      { userId: { $in: [...userIds] }, status: 'ACTIVE' },
      { $set: { deletionOutcomeUnknownAt: at } },
    );
  }

  async findDeletionsWithUnknownOutcome(limit: number): Promise<string[]> {
    const documents = await this.model
      .find({ status: 'ACTIVE', deletionOutcomeUnknownAt: { $exists: true } }, { userId: 1 })
      .maxTimeMS(this.options.maxTimeMS)
      .limit(limit)
      .lean<{ userId: string }[]>();
    return documents.map((document) => document.userId);
  }

  async list(filter: UserFilter, after: PagePosition | undefined, limit: number): Promise<User[]> {
    const query = this.filterQuery(filter);
    const page = after
      ? {
          $and: [
            query,
            {
              $or: [
                { enrolledAt: { $lt: after.enrolledAt } },
                { enrolledAt: after.enrolledAt, userId: { $lt: after.userId } },
              ],
            },
          ],
        }
      : query;
    const documents = await this.readMany(page, { sort: { enrolledAt: -1, userId: -1 }, limit });
    return documents.map((document) => this.toUser(document));
  }

  /**
   * The reads every page and every `user(id)` batch make go to the driver directly: their filters
   * hold only strings, dates and booleans, which need none of mongoose's casting, and building a
   * mongoose query costs about 0.1 ms of CPU per read (BENCHMARKS.md).
   */
  private async readMany(
    filter: QueryFilter<UserDocument>,
    options: FindOptions = {},
  ): Promise<UserDocument[]> {
    return this.collection
      .find(filter as Filter<UserDocument>, { ...options, maxTimeMS: this.options.maxTimeMS })
      .toArray();
  }

  /** The model's collection, without mongoose: it holds user documents (the hot paths use it). */
  private get collection(): Collection<UserDocument> {
    return this.model.collection as unknown as Collection<UserDocument>;
  }

  async count(filter: UserFilter): Promise<number> {
    return this.model.countDocuments(this.filterQuery(filter)).maxTimeMS(this.options.maxTimeMS);
  }

  private toUser(document: UserDocument): User {
    const { personalData, _id } = document;
    return toUser(document, () => (personalData === undefined ? null : this.cipher.open(personalData, _id)));
  }

  private filterQuery(filter: UserFilter): QueryFilter<UserDocument> {
    const query: QueryFilter<UserDocument> = { status: filter.status ?? ('ACTIVE' satisfies UserStatus) };
    if (filter.userId !== undefined) query.userId = filter.userId;
    if (filter.email !== undefined) query.emailIndex = { $in: this.cipher.emailIndexes(filter.email) };
    if (filter.cardLast4 !== undefined) query.cardLast4 = filter.cardLast4;
    if (filter.matchesNobody) query._id = { $in: [] };
    if (filter.donateProfileComplete !== undefined) {
      query.donateProfileComplete = filter.donateProfileComplete ? true : { $ne: true };
    }
    if (filter.enrolledAfter !== undefined || filter.enrolledBefore !== undefined) {
      query.enrolledAt = {
        ...(filter.enrolledAfter === undefined ? {} : { $gte: filter.enrolledAfter }),
        ...(filter.enrolledBefore === undefined ? {} : { $lt: filter.enrolledBefore }),
      };
    }
    return query;
  }
}
