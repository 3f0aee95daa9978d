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
    private readonly maxTimeMS: number,
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

  /** False when the user changed (or left ACTIVE) since `read`: the caller reads again. */
  async replace(
    read: StoredProfile,
    personal: PersonalData,
    donateProfileComplete: boolean,
  ): Promise<boolean> {
    const result = await this.model.updateOne(
      { _id: read.documentId, status: 'ACTIVE', personalData: read.sealed ?? { $exists: false } },
      { $set: { ...sealedFields(this.cipher, read.documentId, personal), donateProfileComplete } },
    );
    return result.matchedCount > 0;
  }
}
