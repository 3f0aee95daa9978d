import type { components } from './generated/carbon-tracker';

// Names for the contract's schemas, generated from contract/cce/carbon-tracker.yaml (npm run contract:types).
export type UserProfile = components['schemas']['UserProfile'];
export type UserReference = components['schemas']['UserReference'];
export type IssuerProfileDetails = components['schemas']['IssuerProfileDetails'];
export type ErrorWrapper = components['schemas']['ErrorWrapper'];
export type CceErrorEntry = components['schemas']['Error'];
export type CceUserId = components['schemas']['UserID'];

/** Mastercard payload encryption envelope (NOTES.md): what POST /issuers/users actually carries. */
export interface EncryptedPayload {
  encryptedData: string;
  encryptedKey: string;
  iv: string;
  oaepHashingAlgorithm: string;
  publicKeyFingerprint: string;
}
