import type { components } from './generated/carbon-tracker';

// Names for the contract's schemas, generated from contract/cce/carbon-tracker.yaml (npm run contract:types).
export type UserProfile = components['schemas']['UserProfile'];
export type UserReference = components['schemas']['UserReference'];
export type IssuerProfileDetails = components['schemas']['IssuerProfileDetails'];
export type ErrorWrapper = components['schemas']['ErrorWrapper'];
export type CceErrorEntry = components['schemas']['Error'];
export type CceUserId = components['schemas']['UserID'];
export type UpdateUserProfile = components['schemas']['UpdateUserProfile'];
export type AggregateCarbonScore = components['schemas']['AggregateCarbonScore'];
/** The dashboards response after decryption. */
export type Dashboard = components['schemas']['Dashboard'];
/** What PUT /issuers answers (fewer fields than GET /issuers). */
export type IssuerProfile = components['schemas']['IssuerProfile'];
export type IssuerConfiguration = components['schemas']['IssuerConfiguration'];
export type PreferredTheme = components['schemas']['PreferredTheme'];

/** Mastercard payload encryption envelope (NOTES.md): what POST /issuers/users and PUT /issuers/users/{userid} carry, and what GET .../dashboards answers. */
export interface EncryptedPayload {
  encryptedData: string;
  encryptedKey: string;
  iv: string;
  oaepHashingAlgorithm: string;
  publicKeyFingerprint: string;
}
