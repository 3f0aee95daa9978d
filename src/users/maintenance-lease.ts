import { isDuplicateKey } from '../database/database-errors';
import type { Connection } from 'mongoose';

interface LeaseDocument {
  _id: string;
  holder: string;
  expiresAt: Date;
}

/**
 * A lease document per maintenance step (collection `maintenance_leases`), so that one instance
 * at a time runs a sweep. The holder renews it at each run; when the holder dies, the lease
 * expires and another instance takes over. Single-document writes only (FerretDB has no transactions).
 */
export class MaintenanceLease {
  constructor(
    private readonly connection: Connection,
    private readonly holder: string,
    private readonly clock: () => Date,
    private readonly maxTimeMS: number,
  ) {}

  private get collection() {
    return this.connection.collection<LeaseDocument>('maintenance_leases');
  }

  /** True when this holder now holds `name` for `ttlMs` (renewed if it held it already). */
  async tryAcquire(name: string, ttlMs: number): Promise<boolean> {
    const now = this.clock();
    const expiresAt = new Date(now.getTime() + ttlMs);
    const renewed = await this.collection.updateOne(
      { _id: name, $or: [{ holder: this.holder }, { expiresAt: { $lte: now } }] },
      { $set: { holder: this.holder, expiresAt } },
    );
    if (renewed.matchedCount > 0) return true;
    try {
      await this.collection.insertOne({ _id: name, holder: this.holder, expiresAt });
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  async holderOf(name: string): Promise<string | undefined> {
    return (await this.collection.findOne({ _id: name }, { maxTimeMS: this.maxTimeMS }))?.holder;
  }
}
