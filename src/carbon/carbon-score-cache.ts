import type { Connection } from 'mongoose';
import type { AggregateCarbonScore } from '../cce/contract-types';

interface StoredCarbonScore extends AggregateCarbonScore {
  /** CCE's userid. */
  _id: string;
  fetchedAt: Date;
}

/**
 * CCE's answers to aggregate-carbon-scores, kept in MongoDB (collection `carbon_scores`) so that
 * every instance serves them for the configured time without asking CCE again. Scores are no
 * personal data in the cache's sense (no name, email or card), and expire: maintenance purges them.
 */
export class CarbonScoreCache {
  constructor(
    private readonly connection: Connection,
    private readonly maxTimeMS: number,
  ) {}

  private get collection() {
    return this.connection.collection<StoredCarbonScore>('carbon_scores');
  }

  /** The scores of these users fetched at or after `notBefore`. */
  async findFresh(userIds: readonly string[], notBefore: Date): Promise<Map<string, StoredCarbonScore>> {
    if (userIds.length === 0) return new Map();
    const found = await this.collection
      .find({ _id: { $in: [...userIds] }, fetchedAt: { $gte: notBefore } }, { maxTimeMS: this.maxTimeMS })
      .toArray();
    return new Map(found.map((score) => [score._id, score]));
  }

  async save(userId: string, score: AggregateCarbonScore, fetchedAt: Date): Promise<void> {
    const { carbonEmissionInGrams, aggregateDate } = score;
    await this.collection.updateOne(
      { _id: userId },
      { $set: { carbonEmissionInGrams, aggregateDate, fetchedAt } },
      { upsert: true },
    );
  }

  /** Scores too old to be served any more (including those of users deleted since). */
  async purgeFetchedBefore(before: Date): Promise<number> {
    const result = await this.collection.deleteMany({ fetchedAt: { $lt: before } });
    return result.deletedCount;
  }
}
