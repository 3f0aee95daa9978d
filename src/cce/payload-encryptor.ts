import { FieldLevelEncryption } from 'mastercard-client-encryption';
import type { EncryptedPayload, UserProfile } from './contract-types';

export const ENROLLMENT_PATH = '/issuers/users';

/**
 * Mastercard payload encryption of the whole enrollment body (`$` -> `$`), configured as NOTES.md says:
 * hex encoding, RSA-OAEP SHA-256 key wrapping, certificate fingerprint.
 */
export class PayloadEncryptor {
  private readonly encryption: FieldLevelEncryption;

  constructor(encryptionCertificatePem: string, decryptionKeyPem?: string) {
    this.encryption = new FieldLevelEncryption({
      // The library matches this as an unanchored regex: anchor it so /issuers/users/{id} never matches.
      paths: [{ path: `^${ENROLLMENT_PATH}$`, toEncrypt: [{ element: '$', obj: '$' }], toDecrypt: [] }],
      ivFieldName: 'iv',
      encryptedKeyFieldName: 'encryptedKey',
      encryptedValueFieldName: 'encryptedData',
      dataEncoding: 'hex',
      oaepPaddingDigestAlgorithm: 'SHA-256',
      oaepHashingAlgorithmFieldName: 'oaepHashingAlgorithm',
      publicKeyFingerprintFieldName: 'publicKeyFingerprint',
      publicKeyFingerprintType: 'certificate',
      useCertificateContent: true,
      encryptionCertificate: encryptionCertificatePem,
      ...(decryptionKeyPem === undefined ? {} : { privateKey: decryptionKeyPem }),
    });
  }

  encryptEnrollment(profile: UserProfile): EncryptedPayload {
    // encrypt() mutates the object it is given: hand it a copy so the caller's profile stays intact.
    const { body } = this.encryption.encrypt(ENROLLMENT_PATH, {}, structuredClone(profile));
    return body as unknown as EncryptedPayload;
  }
}
