import { unsafeTextReason } from '../security/safe-text';
import type {
  AggregateCarbonScore,
  CceErrorEntry,
  Dashboard,
  IssuerProfile,
  IssuerProfileDetails,
  UserReference,
} from './contract-types';

// Structural checks of what the adapter relies on. Deliberately looser than the contract's schemas,
// so that an extra or missing optional field in real CCE traffic does not break the gateway.

export function asErrorEntries(body: unknown): CceErrorEntry[] | null {
  const entries = (body as { Errors?: { Error?: unknown } } | null)?.Errors?.Error;
  if (!Array.isArray(entries)) return null;
  const valid = entries.filter(
    (entry): entry is CceErrorEntry =>
      typeof entry === 'object' &&
      entry !== null &&
      typeof entry.ReasonCode === 'string' &&
      typeof entry.Source === 'string' &&
      typeof entry.Description === 'string',
  );
  // Only the contract's fields, as strings: anything else CCE adds is not carried (nor logged) further.
  return valid.length > 0
    ? valid.map((entry) => ({
        Source: entry.Source,
        ReasonCode: entry.ReasonCode,
        Description: entry.Description,
        Recoverable: entry.Recoverable === true,
        ...(entry.Details === undefined || entry.Details === null ? {} : { Details: String(entry.Details) }),
      }))
    : null;
}

export function asUserReference(body: unknown): UserReference | null {
  const candidate = body as Partial<UserReference> | null;
  return typeof candidate?.userid === 'string' &&
    typeof candidate.cardNumberLastFourDigits === 'string' &&
    typeof candidate.status === 'string'
    ? (candidate as UserReference)
    : null;
}

export function asUserIds(body: unknown): string[] | null {
  return Array.isArray(body) && body.every((id) => typeof id === 'string') ? body : null;
}

export function asIssuerProfile(body: unknown): IssuerProfileDetails | null {
  const candidate = body as Partial<IssuerProfileDetails> | null;
  return typeof candidate?.clientId === 'string' && typeof candidate.supportedAccountRange === 'string'
    ? (candidate as IssuerProfileDetails)
    : null;
}

/** PUT /issuers answers the shorter IssuerProfile. */
export function asUpdatedIssuerProfile(body: unknown): IssuerProfile | null {
  const candidate = body as Partial<IssuerProfile> | null;
  return typeof candidate?.clientId === 'string' &&
    typeof candidate.supportedAccountRange === 'string' &&
    typeof candidate.status === 'string'
    ? (candidate as IssuerProfile)
    : null;
}

/**
 * The grams must read as a decimal number (the gateway serves them as one), and both fields keep the
 * contract's lengths (1-10, 1-20). The period is passed to clients and stored: nothing card-shaped and
 * no control characters, whatever CCE sends.
 */
export function asAggregateCarbonScore(body: unknown): AggregateCarbonScore | null {
  const candidate = body as Partial<AggregateCarbonScore> | null;
  const grams = candidate?.carbonEmissionInGrams;
  const period = candidate?.aggregateDate;
  return typeof grams === 'string' &&
    grams.length <= 10 &&
    /^\d+(\.\d+)?$/.test(grams) &&
    typeof period === 'string' &&
    period.length >= 1 &&
    period.length <= 20 &&
    unsafeTextReason(period) === null
    ? { carbonEmissionInGrams: grams, aggregateDate: period }
    : null;
}

/**
 * A decrypted dashboard: an https URL (it carries a bearer token: plain http would leak it) and a
 * lifetime in milliseconds.
 */
export function asDashboard(body: unknown): Dashboard | null {
  const candidate = body as Partial<Dashboard> | null;
  if (typeof candidate?.url !== 'string' || typeof candidate.expiryInMillis !== 'string') return null;
  if (!/^\d{1,10}$/.test(candidate.expiryInMillis)) return null;
  try {
    if (new URL(candidate.url).protocol !== 'https:') return null;
  } catch {
    return null;
  }
  return { url: candidate.url, expiryInMillis: candidate.expiryInMillis };
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
