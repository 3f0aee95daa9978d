import type { Connection } from 'mongoose';

interface StoredIssuerProfile {
  _id: 'current';
  supportedAccountRange: string;
  fetchedAt: Date;
}

/**
 * The last issuer profile CCE answered (collection `issuer_profiles`), so an instance that starts
 * while CCE is down still knows the account range.
 */
export class IssuerProfileStore {
  constructor(
    private readonly connection: Connection,
    private readonly maxTimeMS: number,
  ) {}

  private get collection() {
    return this.connection.collection<StoredIssuerProfile>('issuer_profiles');
  }

  async load(): Promise<{ supportedAccountRange: string; fetchedAt: Date } | null> {
    return this.collection.findOne({ _id: 'current' }, { maxTimeMS: this.maxTimeMS });
  }

  async save(supportedAccountRange: string, fetchedAt: Date): Promise<void> {
    await this.collection.updateOne(
      { _id: 'current' },
      { $set: { supportedAccountRange, fetchedAt } },
      { upsert: true },
    );
  }
}
