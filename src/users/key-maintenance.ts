import type { Collection } from 'mongodb';
import { SINGLE_KEY_ID } from '../config/secret-keys';
import type { PersonalData } from './personal-data';
import type { PersonalDataCipher } from './personal-data-cipher';
import { sealedFields } from './sealed-fields';
import { LEGACY_CLEAR_FIELDS, type StoredStatus, type UserDocument, type UserModel } from './user-document';

export interface ResealReport {
  /** Documents moved from an older key to the newest. */
  resealed: number;
  /** Documents from before personal data was encrypted, now sealed and their clear fields removed. */
  sealedFromClear: number;
  /** Ids of documents that did not open (key not configured, altered): never changed. */
  unreadable: string[];
}

interface LegacyDocument {
  _id: string;
  status?: string;
  cardholderName?: string;
  email?: PersonalData['email'];
  name?: PersonalData['name'];
  locale?: string;
}

/**
 * The key operations on stored users: `npm run keys:reencrypt`, `npm run keys:retire-fingerprint-key`
 * and the start-up check of key ids in use. Every write matches the value it read, so running
 * beside live gateways (which may erase or re-seal the same document) is safe.
 */
export class KeyMaintenance {
  constructor(
    private readonly model: UserModel,
    private readonly cipher: PersonalDataCipher,
  ) {}

  /** Re-seals personal data under older keys with the newest key, and seals what is still in clear. */
  async resealPersonalData(): Promise<ResealReport> {
    const report: ResealReport = { resealed: 0, sealedFromClear: 0, unreadable: [] };
    const older = this.model
      .find({ personalDataKeyId: { $exists: true, $ne: this.cipher.currentKeyId } })
      .lean<UserDocument[]>()
      .cursor() as AsyncIterable<UserDocument>;
    for await (const document of older) {
      let personal: PersonalData;
      try {
        personal = this.cipher.open(document.personalData!, document._id);
      } catch {
        report.unreadable.push(document._id);
        continue;
      }
      const result = await this.model.updateOne(
        { _id: document._id, personalData: document.personalData },
        { $set: sealedFields(this.cipher, document._id, personal) },
      );
      report.resealed += result.modifiedCount;
    }
    report.sealedFromClear = await this.sealLegacyClearData();
    return report;
  }

  /**
   * How many users that still count as enrolled (not DELETED) carry a fingerprint under `keyId`;
   * an OUTCOME_UNKNOWN intent counts too: its fingerprint is what keeps the card from CCE twice.
   * Fingerprints from before key ids were made with the only key there was, CARD_FINGERPRINT_KEY,
   * whose id is `default`.
   */
  async countByFingerprintKey(keyId: string): Promise<Record<Exclude<StoredStatus, 'DELETED'>, number>> {
    const key = keyId === SINGLE_KEY_ID ? { $in: [keyId, null] } : keyId;
    const count = (status: StoredStatus) => this.model.countDocuments({ cardFingerprintKeyId: key, status });
    const [ENROLLING, OUTCOME_UNKNOWN, ACTIVE, DELETION_PENDING] = await Promise.all([
      count('ENROLLING'),
      count('OUTCOME_UNKNOWN'),
      count('ACTIVE'),
      count('DELETION_PENDING'),
    ]);
    return { ENROLLING, OUTCOME_UNKNOWN, ACTIVE, DELETION_PENDING };
  }

  /** The key ids stored documents depend on: fingerprints of users not DELETED, and sealed personal data. */
  async keyIdsInUse(): Promise<{ fingerprint: string[]; personalData: string[] }> {
    const live = { status: { $ne: 'DELETED' as const } };
    const [fingerprint, personalData, withoutKeyId] = await Promise.all([
      this.model.distinct('cardFingerprintKeyId', live),
      this.model.distinct('personalDataKeyId'),
      this.model.exists({ ...live, cardFingerprintKeyId: { $exists: false } }),
    ]);
    const ids = fingerprint.filter((id): id is string => typeof id === 'string');
    return {
      // A fingerprint without a key id dates from before key ids: CARD_FINGERPRINT_KEY, id `default`.
      fingerprint: withoutKeyId && !ids.includes(SINGLE_KEY_ID) ? [...ids, SINGLE_KEY_ID] : ids,
      personalData: personalData.filter((id): id is string => typeof id === 'string'),
    };
  }

  // Through the driver: the schema no longer knows these fields.
  private async sealLegacyClearData(): Promise<number> {
    const collection = this.model.collection as unknown as Collection<LegacyDocument>;
    const legacy = collection.find<LegacyDocument>({
      personalDataKeyId: { $exists: false },
      $or: LEGACY_CLEAR_FIELDS.map((field) => ({ [field]: { $exists: true } })),
    });
    let sealed = 0;
    for await (const document of legacy) {
      if (document.status === 'DELETED') {
        // A deleted user keeps no personal data: its clear fields go, nothing is sealed.
        await collection.updateOne(
          { _id: document._id },
          { $unset: Object.fromEntries(LEGACY_CLEAR_FIELDS.map((field) => [field, 1])) },
        );
        continue;
      }
      const personal: PersonalData = {
        cardholderName: document.cardholderName ?? '',
        ...(document.email ? { email: document.email } : {}),
        ...(document.name ? { name: document.name } : {}),
        ...(document.locale ? { locale: document.locale } : {}),
      };
      const result = await collection.updateOne(
        { _id: document._id, personalDataKeyId: { $exists: false } },
        {
          $set: sealedFields(this.cipher, document._id, personal),
          $unset: Object.fromEntries(LEGACY_CLEAR_FIELDS.map((field) => [field, 1])),
        },
      );
      sealed += result.modifiedCount;
    }
    return sealed;
  }
}
