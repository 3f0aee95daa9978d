import type { AggregateCarbonScore } from '../cce/contract-types';

/**
 * A user's carbon footprint this month as CCE aggregates it, or PENDING until CCE has scored the
 * last 12 months of transactions (about 24 h after enrollment), when asking CCE would be pointless.
 */
export type CarbonScore =
  | {
      readonly status: 'AVAILABLE';
      /** Grams of CO2 as CCE's decimal string (kept exact: never a float). */
      readonly carbonEmissionInGrams: string;
      /** CCE's period label, e.g. `november-2026`. */
      readonly aggregateDate: string;
      readonly fetchedAt: Date;
    }
  | { readonly status: 'PENDING'; readonly availableAt: Date };

export function availableScore(score: AggregateCarbonScore, fetchedAt: Date): CarbonScore {
  return {
    status: 'AVAILABLE',
    carbonEmissionInGrams: score.carbonEmissionInGrams,
    aggregateDate: score.aggregateDate,
    fetchedAt,
  };
}
