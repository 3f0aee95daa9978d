import type { Connection } from 'mongoose';
import type { IssuerProfileDetails } from '../cce/contract-types';

interface StoredIssuerProfile {
  _id: 'current';
  /** The whole answer of GET /issuers (merged with PUT /issuers answers); older versions kept only the range. */
  profile?: Partial<IssuerProfileDetails>;
  supportedAccountRange: string;
  fetchedAt: Date;
}

export interface StoredProfile {
  readonly profile: Partial<IssuerProfileDetails>;
  readonly fetchedAt: Date;
}

/**
 * The last issuer profile CCE answered (collection `issuer_profiles`), shared by every instance, so
 * that an instance starting while CCE is down still knows the account range and can answer `issuer`.
 */
export class IssuerProfileStore {
  constructor(
    private readonly connection: Connection,
    private readonly maxTimeMS: number,
  ) {}

  private get collection() {
    return this.connection.collection<StoredIssuerProfile>('issuer_profiles');
  }

  async load(): Promise<StoredProfile | null> {
    const stored = await this.collection.findOne({ _id: 'current' }, { maxTimeMS: this.maxTimeMS });
    if (!stored) return null;
    return {
      profile: stored.profile ?? { supportedAccountRange: stored.supportedAccountRange },
      fetchedAt: stored.fetchedAt,
    };
  }

  async save(profile: Partial<IssuerProfileDetails>, fetchedAt: Date): Promise<void> {
    await this.collection.updateOne(
      { _id: 'current' },
      // The range stays a field of its own too, so an older instance reading this document still finds it.
      { $set: { profile, supportedAccountRange: profile.supportedAccountRange ?? '', fetchedAt } },
      { upsert: true },
    );
  }
}
