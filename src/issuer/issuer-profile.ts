import type { IssuerProfile, IssuerProfileDetails } from '../cce/contract-types';
import { parseAccountRange } from '../cce/issuer-rules';

/**
 * The issuer's CCE profile as the gateway keeps it: GET /issuers' answer, normalised, with when it
 * was read. Every field but the client id and the range is optional: PUT /issuers answers fewer
 * fields, and a profile stored by an older version kept only the range.
 */
export interface IssuerProfileSnapshot {
  readonly clientId: string | null;
  readonly customerId: string | null;
  readonly supportedAccountRange: readonly string[];
  readonly status: string | null;
  readonly email: string | null;
  readonly currencyCode: string | null;
  readonly countryCode: string | null;
  readonly countryName: string | null;
  readonly termsAndConditionsUrl: string | null;
  readonly privacyNoticeUrl: string | null;
  readonly optOutUrl: string | null;
  /** Webview colours and fonts by name (the contract leaves the names open). */
  readonly preferredTheme: Readonly<Record<string, string>>;
  readonly fetchedAt: Date;
}

/** GET /issuers' answer (or the stored copy of one) as a snapshot. */
export function snapshotOf(details: Partial<IssuerProfileDetails>, fetchedAt: Date): IssuerProfileSnapshot {
  return {
    clientId: details.clientId ?? null,
    customerId: details.customerId ?? null,
    supportedAccountRange: parseAccountRange(details.supportedAccountRange ?? ''),
    status: details.status ?? null,
    email: details.email ?? null,
    currencyCode: details.currencyCode ?? null,
    countryCode: details.countryCode ?? null,
    countryName: details.countryName ?? null,
    termsAndConditionsUrl: details.termsAndConditionURL ?? null,
    privacyNoticeUrl: details.privacyNoticeURL ?? null,
    optOutUrl: details.optOutURL ?? null,
    preferredTheme: stringEntries(details.preferredTheme),
    fetchedAt,
  };
}

/** PUT /issuers answers the fields it knows; the rest (email, country...) stays as last read. */
export function withUpdate(
  previous: Partial<IssuerProfileDetails>,
  updated: IssuerProfile,
): Partial<IssuerProfileDetails> {
  const defined = Object.fromEntries(Object.entries(updated).filter(([, value]) => value !== undefined));
  return { ...previous, ...defined };
}

/** Only string values: the contract's theme is `additionalProperties: string`. */
function stringEntries(theme: unknown): Record<string, string> {
  if (typeof theme !== 'object' || theme === null) return {};
  return Object.fromEntries(
    Object.entries(theme).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}
