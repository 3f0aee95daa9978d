import { randomBytes } from 'node:crypto';
import { FieldLevelEncryption } from 'mastercard-client-encryption';
import type { Dashboard, EncryptedPayload } from '../cce/contract-types';
import { DASHBOARD_LANGUAGES } from '../cce/dashboard-languages';
import { wholeBodyEncryption } from '../cce/payload-encryptor';

export const DASHBOARD_PATH_PATTERN = '^/issuers/users/[0-9A-Fa-f-]{36}/dashboards$';

/**
 * The languages the contract's Lang parameter lists. The contract does not say what an unknown one
 * does: the sandbox's choice is 400 INVALID_REQUEST_PARAMETER naming `lang` (README), and without
 * `lang` the dashboard opens in en-US. Matched case-insensitively (language tags are), answered as listed.
 */
export const DEFAULT_DASHBOARD_LANGUAGE = 'en-US';

export function dashboardLanguage(lang: string | null): string | undefined {
  if (lang === null) return DEFAULT_DASHBOARD_LANGUAGE;
  return DASHBOARD_LANGUAGES.find((known) => known.toLowerCase() === lang.toLowerCase());
}

/** Lifetime of a dashboard URL, as the contract's example. */
const EXPIRY_MILLIS = '300000';

/** A new short-lived URL with a random bearer token (32 bytes) on every call. */
export function newDashboard(lang: string): Dashboard {
  const token = randomBytes(32).toString('base64url');
  return {
    url: `https://dashboard.sandbox.invalid/home/?auth_token=${token}&lang=${encodeURIComponent(lang)}`,
    expiryInMillis: EXPIRY_MILLIS,
  };
}

/**
 * Encrypts dashboard answers to the client's certificate with Mastercard's own library (whole body,
 * `$` -> `$`, hex, RSA-OAEP SHA-256, certificate fingerprint: the settings of the gateway's
 * PayloadEncryptor), so that the gateway's node:crypto decryptor is checked against an independent
 * implementation.
 */
export class DashboardEncryptor {
  private readonly encryption: FieldLevelEncryption;

  constructor(clientEncryptionCertificatePem: string) {
    this.encryption = new FieldLevelEncryption(
      wholeBodyEncryption(clientEncryptionCertificatePem, [DASHBOARD_PATH_PATTERN]),
    );
  }

  encrypt(userId: string, dashboard: Dashboard): EncryptedPayload {
    // encrypt() mutates what it is given: a copy.
    const encrypted = this.encryption.encrypt(`/issuers/users/${userId}/dashboards`, {}, { ...dashboard })
      .body as Partial<EncryptedPayload>;
    if (typeof encrypted.encryptedData !== 'string') throw new Error('the dashboard was not encrypted');
    return encrypted as EncryptedPayload;
  }
}
