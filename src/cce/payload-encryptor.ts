import { FieldLevelEncryption } from 'mastercard-client-encryption';
import type { EncryptedPayload, UpdateUserProfile, UserProfile } from './contract-types';

export const ENROLLMENT_PATH = '/issuers/users';

/** PUT /issuers/users/{userid}: the path of a user's update (ids are checked before they get here). */
export function userPath(userId: string): string {
  return `${ENROLLMENT_PATH}/${encodeURIComponent(userId)}`;
}

/**
 * The library's configuration for encrypting whole bodies (`$` -> `$`) on `paths` (anchored regexes)
 * to `certificatePem`, as NOTES.md says: hex, RSA-OAEP SHA-256, certificate fingerprint. The sandbox
 * encrypts dashboard answers with the same settings.
 */
export function wholeBodyEncryption(
  certificatePem: string,
  paths: readonly string[],
): ConstructorParameters<typeof FieldLevelEncryption>[0] {
  return {
    paths: paths.map((path) => ({ path, toEncrypt: [{ element: '$', obj: '$' }], toDecrypt: [] })),
    ivFieldName: 'iv',
    encryptedKeyFieldName: 'encryptedKey',
    encryptedValueFieldName: 'encryptedData',
    dataEncoding: 'hex',
    oaepPaddingDigestAlgorithm: 'SHA-256',
    oaepHashingAlgorithmFieldName: 'oaepHashingAlgorithm',
    publicKeyFingerprintFieldName: 'publicKeyFingerprint',
    publicKeyFingerprintType: 'certificate',
    useCertificateContent: true,
    encryptionCertificate: certificatePem,
  };
}

/**
 * Mastercard payload encryption of the whole body (`$` -> `$`) of enrollments and updates,
 * configured as NOTES.md says: hex encoding, RSA-OAEP SHA-256 key wrapping, certificate fingerprint.
 */
export class PayloadEncryptor {
  private readonly encryption: FieldLevelEncryption;

  constructor(encryptionCertificatePem: string) {
    this.encryption = new FieldLevelEncryption(
      // The library matches these as unanchored regexes: anchored, so that no other path matches.
      wholeBodyEncryption(encryptionCertificatePem, [
        `^${ENROLLMENT_PATH}$`,
        `^${ENROLLMENT_PATH}/[0-9A-Fa-f-]{36}$`,
      ]),
    );
  }

  encryptEnrollment(profile: UserProfile): EncryptedPayload {
    return this.encrypt(ENROLLMENT_PATH, profile);
  }

  encryptUpdate(userId: string, profile: UpdateUserProfile): EncryptedPayload {
    return this.encrypt(userPath(userId), profile);
  }

  private encrypt(path: string, body: object): EncryptedPayload {
    // encrypt() mutates the object it is given: hand it a copy so the caller's profile stays intact.
    const encrypted = this.encryption.encrypt(path, {}, structuredClone(body))
      .body as Partial<EncryptedPayload>;
    // A path the configuration does not match would go out in clear: refuse instead.
    if (typeof encrypted.encryptedData !== 'string') throw new Error(`no encryption configured for ${path}`);
    return encrypted as EncryptedPayload;
  }
}
