// The package ships no type declarations; this covers the part of its API the adapter uses.
declare module 'mastercard-client-encryption' {
  export interface FieldLevelEncryptionPath {
    path: string;
    toEncrypt: { element: string; obj: string }[];
    toDecrypt: { element: string; obj: string }[];
  }

  export interface FieldLevelEncryptionConfig {
    paths: FieldLevelEncryptionPath[];
    ivFieldName: string;
    encryptedKeyFieldName: string;
    encryptedValueFieldName: string;
    dataEncoding: 'hex' | 'base64';
    oaepPaddingDigestAlgorithm: 'SHA-256' | 'SHA-512';
    oaepHashingAlgorithmFieldName: string;
    publicKeyFingerprintFieldName: string;
    publicKeyFingerprintType: 'certificate' | 'publicKey';
    /** With useCertificateContent, the certificate and key are PEM text instead of file paths. */
    useCertificateContent?: boolean;
    encryptionCertificate: string;
    privateKey?: string;
  }

  export class FieldLevelEncryption {
    constructor(config: FieldLevelEncryptionConfig);
    encrypt(
      endpoint: string,
      header: Record<string, string>,
      body: unknown,
    ): { header: Record<string, string>; body: Record<string, unknown> };
  }
}
