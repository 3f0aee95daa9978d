import { createPrivateKey, X509Certificate } from 'node:crypto';
import forge from 'node-forge';

/** Everything the adapter needs to talk to CCE as one issuer, already loaded and checked. */
export interface CceCredentials {
  /** Mastercard Developers consumer key; the part before `!` is the issuer's clientId. */
  readonly consumerKey: string;
  /** PKCS#8 or PKCS#1 PEM of the OAuth signing key. */
  readonly signingKeyPem: string;
  /** X.509 certificate PEM of Mastercard's encryption key. */
  readonly encryptionCertificatePem: string;
  /** Only needed for encrypted responses (dashboards); the gateway's endpoints have none. */
  readonly decryptionKeyPem?: string;
}

export class CredentialError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CredentialError';
  }
}

/** Extracts the private key stored under `alias` in a PKCS#12 keystore (what Mastercard Developers issues). */
export function signingKeyFromPkcs12(keystore: Buffer, alias: string, password: string): string {
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(keystore.toString('binary')), false, password);
  } catch {
    throw new CredentialError('the PKCS#12 keystore cannot be read: wrong password or not a PKCS#12 file');
  }
  const bags = p12.getBags({ friendlyName: alias, bagType: forge.pki.oids.pkcs8ShroudedKeyBag }).friendlyName;
  const key = bags?.[0]?.key;
  if (!key) throw new CredentialError(`the PKCS#12 keystore has no private key with alias "${alias}"`);
  return forge.pki.privateKeyToPem(key);
}

export function assertPrivateKeyPem(pem: string, what: string): void {
  try {
    createPrivateKey(pem);
  } catch {
    throw new CredentialError(`${what} is not a readable unencrypted private key PEM`);
  }
}

export function assertCertificatePem(pem: string, what: string): void {
  try {
    new X509Certificate(pem);
  } catch {
    throw new CredentialError(`${what} is not an X.509 certificate PEM`);
  }
}

export function assertCredentials(credentials: CceCredentials): void {
  if (!/^\S+$/.test(credentials.consumerKey))
    throw new CredentialError('the consumer key is empty or has spaces');
  assertPrivateKeyPem(credentials.signingKeyPem, 'the signing key');
  assertCertificatePem(credentials.encryptionCertificatePem, 'the encryption certificate');
  if (credentials.decryptionKeyPem !== undefined) {
    assertPrivateKeyPem(credentials.decryptionKeyPem, 'the decryption key');
  }
}
