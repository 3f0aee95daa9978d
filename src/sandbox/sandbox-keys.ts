import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

/**
 * The key material of one sandbox: the client's OAuth signing key pair (the sandbox keeps the
 * public half, the gateway gets the private one), the sandbox's own encryption key with a
 * self-signed certificate (the gateway encrypts requests to the certificate, the sandbox decrypts),
 * and the client's response key pair (the sandbox encrypts dashboard answers to the client's
 * certificate, as Mastercard does with the issuer's, and the gateway decrypts with the private key).
 * All of it is throw-away, generated at start unless supplied.
 */
export interface SandboxKeys {
  readonly consumerKey: string;
  readonly clientSigningKeyPem: string;
  readonly clientVerificationKeyPem: string;
  readonly encryptionCertificatePem: string;
  readonly encryptionPrivateKeyPem: string;
  /** The gateway's CCE_DECRYPTION_KEY_FILE: opens the encrypted dashboard responses. */
  readonly clientDecryptionKeyPem: string;
  /** The sandbox encrypts dashboard responses to this certificate of the client's key. */
  readonly clientEncryptionCertificatePem: string;
}

export function generateSandboxKeys(): SandboxKeys {
  const signing = generateRsaKeyPair();
  const encryption = generateRsaKeyPair();
  return {
    // Shaped like a Mastercard Developers key: <clientId>!<key id>.
    consumerKey: `${randomBytes(36).toString('base64url')}!${randomBytes(24).toString('hex')}`,
    clientSigningKeyPem: signing.privateKey,
    clientVerificationKeyPem: signing.publicKey,
    encryptionCertificatePem: selfSignedCertificate(encryption, 'cce-gateway local sandbox encryption key'),
    encryptionPrivateKeyPem: encryption.privateKey,
    ...generateClientResponseKeys(),
  };
}

/** The client's response-decryption key and its certificate (also for key directories that predate them). */
export function generateClientResponseKeys(): Pick<
  SandboxKeys,
  'clientDecryptionKeyPem' | 'clientEncryptionCertificatePem'
> {
  const response = generateRsaKeyPair();
  return {
    clientDecryptionKeyPem: response.privateKey,
    clientEncryptionCertificatePem: selfSignedCertificate(
      response,
      'cce-gateway local sandbox client response key',
    ),
  };
}

export function generateRsaKeyPair(): { privateKey: string; publicKey: string } {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

/** node:crypto reads certificates but cannot create them, hence node-forge here. */
export function selfSignedCertificate(
  keys: { privateKey: string; publicKey: string },
  commonName: string,
): string {
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = forge.pki.publicKeyFromPem(keys.publicKey);
  // A positive serial: a leading 0x01 byte keeps the DER integer from reading as negative.
  certificate.serialNumber = `01${randomBytes(8).toString('hex')}`;
  certificate.validity.notBefore = new Date(Date.now() - 60_000);
  certificate.validity.notAfter = new Date(Date.now() + 2 * 365 * 24 * 3600 * 1000);
  const subject = [{ name: 'commonName', value: commonName }];
  certificate.setSubject(subject);
  certificate.setIssuer(subject);
  certificate.sign(forge.pki.privateKeyFromPem(keys.privateKey), forge.md.sha256.create());
  return forge.pki.certificateToPem(certificate);
}
