import type { PersonalData } from './personal-data';
import type { PersonalDataCipher } from './personal-data-cipher';
import { sealedFields } from './sealed-fields';
import type { UserDocument, UserModel } from './user-document';

/** An ACTIVE user's personal data as stored now, for a change that must not overwrite another one. */
export interface StoredProfile {
  readonly documentId: string;
  readonly personal: PersonalData | null;
  /** The sealed text read: a write applies only while it is still the one stored. */
  readonly sealed: string | undefined;
}

/**
 * The writes of updateUser: one user's sealed personal data replaced, compare-and-set on the sealed
 * text so that two concurrent updates never merge into a profile neither sent.
 */
export class UserProfileStore {
  constructor(
    private readonly model: UserModel,
    private readonly cipher: PersonalDataCipher,
    /** The database's deadline for each of these reads and writes. */
    readonly maxTimeMS: number,
  ) {}

  async findActive(userId: string): Promise<StoredProfile | null> {
    const document = await this.model
      .findOne({ userId, status: 'ACTIVE' }, { _id: 1, personalData: 1 })
      .maxTimeMS(this.maxTimeMS)
      .lean<Pick<UserDocument, '_id' | 'personalData'>>();
    if (!document) return null;
    const personal =
      document.personalData === undefined ? null : this.cipher.open(document.personalData, document._id);
    return { documentId: document._id, personal, sealed: document.personalData };
  }

  /**
   * False when the user changed (or left ACTIVE) since `read`, or the update no longer holds it (its hold
   * lapsed and another update took it over): a stale update never overwrites a later one.
   */
  async replace(
    read: StoredProfile,
    personal: PersonalData,
    donateProfileComplete: boolean,
    holdId: string,
  ): Promise<boolean> {
    const result = await this.model
      .updateOne(
        {
          _id: read.documentId,
          status: 'ACTIVE',
          personalData: read.sealed ?? { $exists: false },
          updateHoldId: holdId,
        },
        { $set: { ...sealedFields(this.cipher, read.documentId, personal), donateProfileComplete } },
      )
      .setOptions({ maxTimeMS: this.maxTimeMS });
    return result.matchedCount > 0;
  }

  /**
   * Holds an ACTIVE user for one update until `until`, or answers false while another update holds it
   * (or the user is no longer ACTIVE). A hold whose time has passed, its holder having died, is taken
   * over. One conditional write: on MongoDB, two instances cannot both take it.
   */
  async holdForUpdate(documentId: string, holdId: string, now: Date, until: Date): Promise<boolean> {
    const result = await this.model
      .updateOne(
        {
          _id: documentId,
          status: 'ACTIVE',
          // `null` matches a missing time too: a hold without a time never blocks the user.
          $or: [{ updateHoldUntil: null }, { updateHoldUntil: { $lte: now } }],
        },
        { $set: { updateHoldId: holdId, updateHoldUntil: until } },
      )
      .setOptions({ maxTimeMS: this.maxTimeMS });
    return result.matchedCount > 0;
  }

  /** Ends the hold `holdId`, if it is still the one stored (a lapsed hold may have been taken over). */
  async releaseUpdateHold(documentId: string, holdId: string): Promise<void> {
    await this.model
      .updateOne(
        { _id: documentId, updateHoldId: holdId },
        { $unset: { updateHoldId: 1, updateHoldUntil: 1 } },
      )
      .setOptions({ maxTimeMS: this.maxTimeMS });
  }
}
