import type { QueryFilter } from 'mongoose';
import type { CardFingerprints } from './card-fingerprint';
import type { PersonalData } from './personal-data';
import type { PersonalDataCipher } from './personal-data-cipher';
import { sealedFields } from './sealed-fields';
import type { User, UserStatus } from './user';
import type { StoredStatus, UserDocument, UserModel } from './user-document';
import { toUser } from './user-mapping';
import type { PagePosition, UserFilter } from './user-page';

const DUPLICATE_KEY = 11000;

/** An enrollment intent as the enrollment service knows it: clear data, sealed here. */
export interface NewIntent {
  readonly _id: string;
  readonly fingerprints: CardFingerprints;
  readonly cardLast4: string;
  readonly cardBaseCurrency: string;
  readonly personal: PersonalData;
  readonly createdAt: Date;
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
  ) {}

  /**
   * Creates the ENROLLING intent; false when the card is already known, under the newest
   * fingerprint key (the unique index decides, even between concurrent enrollments) or any older one.
   */
  async insertIntent(intent: NewIntent): Promise<boolean> {
    const { fingerprints, personal, ...fields } = intent;
    if (fingerprints.older.length > 0) {
      if (await this.model.exists({ cardFingerprint: { $in: [...fingerprints.older] } })) return false;
    }
    try {
      await this.model.create({
        ...fields,
        status: 'ENROLLING',
        cardFingerprint: fingerprints.current,
        cardFingerprintKeyId: fingerprints.keyId,
        ...sealedFields(this.cipher, intent._id, personal),
      });
      return true;
    } catch (error) {
      if ((error as { code?: number }).code === DUPLICATE_KEY) return false;
      throw error;
    }
  }

  async findByFingerprint(fingerprints: CardFingerprints): Promise<UserDocument | null> {
    return this.model
      .findOne({ cardFingerprint: { $in: [fingerprints.current, ...fingerprints.older] } })
      .lean<UserDocument>();
  }

  /**
   * ENROLLING -> ACTIVE. Idempotent: replaying a completion that already happened answers
   * `already-completed`; `intent-missing` means the intent was removed before CCE's answer was recorded.
   */
  async completeEnrollment(
    intentId: string,
    userId: string,
    enrolledAt: Date,
  ): Promise<'completed' | 'already-completed' | 'intent-missing'> {
    const result = await this.model.updateOne(
      { _id: intentId, status: 'ENROLLING' },
      { $set: { status: 'ACTIVE', userId, enrolledAt } },
    );
    if (result.matchedCount > 0) return 'completed';
    const existing = await this.model.findOne({ _id: intentId }, { userId: 1 }).lean<{ userId?: string }>();
    return existing?.userId === userId ? 'already-completed' : 'intent-missing';
  }

  async removeIntent(intentId: string): Promise<void> {
    await this.model.deleteOne({ _id: intentId, status: 'ENROLLING' });
  }

  async findIntentsCreatedBefore(before: Date): Promise<UserDocument[]> {
    return this.model.find({ status: 'ENROLLING', createdAt: { $lt: before } }).lean<UserDocument[]>();
  }

  async findByUserIds(userIds: readonly string[]): Promise<User[]> {
    const documents = await this.model.find({ userId: { $in: [...userIds] } }).lean<UserDocument[]>();
    return documents.map((document) => this.toUser(document));
  }

  async markDeletionPending(userIds: readonly string[], at: Date): Promise<void> {
    if (userIds.length === 0) return;
    await this.model.updateMany(
      { userId: { $in: [...userIds] }, status: 'ACTIVE' },
      { $set: { status: 'DELETION_PENDING', deletionRequestedAt: at } },
    );
  }

  /** DELETION_PENDING for longer than CCE needs -> DELETED. */
  async completeDeletionsRequestedBefore(before: Date): Promise<number> {
    const due = await this.model
      .find({ status: 'DELETION_PENDING', deletionRequestedAt: { $lte: before } }, { _id: 1 })
      .lean<{ _id: string }[]>();
    for (const { _id } of due) await this.erase(_id, 'DELETION_PENDING');
    return due.length;
  }

  /** ACTIVE users CCE no longer knows -> DELETED at once: the cached record is stale. */
  async markDeleted(userIds: readonly string[], at: Date): Promise<void> {
    if (userIds.length === 0) return;
    const stale = await this.model
      .find({ userId: { $in: [...userIds] }, status: 'ACTIVE' }, { _id: 1 })
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
        },
      },
    );
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
    const documents = await this.model
      .find(page)
      .sort({ enrolledAt: -1, userId: -1 })
      .limit(limit)
      .lean<UserDocument[]>();
    return documents.map((document) => this.toUser(document));
  }

  async count(filter: UserFilter): Promise<number> {
    return this.model.countDocuments(this.filterQuery(filter));
  }

  private toUser(document: UserDocument): User {
    const personal =
      document.personalData === undefined ? null : this.cipher.open(document.personalData, document._id);
    return toUser(document, personal);
  }

  private filterQuery(filter: UserFilter): QueryFilter<UserDocument> {
    const query: QueryFilter<UserDocument> = { status: filter.status ?? ('ACTIVE' satisfies UserStatus) };
    if (filter.userId !== undefined) query.userId = filter.userId;
    if (filter.email !== undefined) query.emailIndex = { $in: this.cipher.emailIndexes(filter.email) };
    if (filter.cardLast4 !== undefined) query.cardLast4 = filter.cardLast4;
    if (filter.enrolledAfter !== undefined || filter.enrolledBefore !== undefined) {
      query.enrolledAt = {
        ...(filter.enrolledAfter === undefined ? {} : { $gte: filter.enrolledAfter }),
        ...(filter.enrolledBefore === undefined ? {} : { $lt: filter.enrolledBefore }),
      };
    }
    return query;
  }
}
