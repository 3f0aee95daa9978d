import { createHash } from 'node:crypto';
import type { AggregateCarbonScore } from '../cce/contract-types';

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
] as const;

// A card's monthly spending footprint spans roughly 20 kg to 600 kg of CO2 (light to heavy spenders).
const MIN_GRAMS = 20_000;
const MAX_GRAMS = 600_000;

/** The contract's aggregateDate: lower-case English month name, '-', year (e.g. 'november-2026'), in UTC. */
export function aggregateDateOf(now: Date): string {
  return `${MONTHS[now.getUTCMonth()]}-${now.getUTCFullYear()}`;
}

/**
 * A synthetic but plausible current-month score: SHA-256 of (user id, yyyy-mm) picks a point on a
 * log scale between MIN_GRAMS and MAX_GRAMS, so one user's score is stable within a month, changes
 * the next, and differs between users. Grams with two decimals, at most 9 characters (contract: 10).
 */
export function monthlyCarbonScore(userId: string, now: Date): AggregateCarbonScore {
  const month = `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
  const digest = createHash('sha256').update(`${userId.toLowerCase()}|${month}`).digest();
  const fraction = digest.readUInt32BE(0) / 2 ** 32;
  const grams = MIN_GRAMS * (MAX_GRAMS / MIN_GRAMS) ** fraction;
  return { carbonEmissionInGrams: grams.toFixed(2), aggregateDate: aggregateDateOf(now) };
}
