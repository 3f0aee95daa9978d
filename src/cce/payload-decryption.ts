import {
  createDecipheriv,
  createHash,
  privateDecrypt,
  constants,
  X509Certificate,
  type KeyObject,
} from 'node:crypto';

export type DecryptionOutcome =
  | { ok: true; payload: unknown }
  | {
      ok: false;
      failure: 'not-encrypted' | 'encrypted-data-length' | 'fingerprint-mismatch' | 'undecryptable';
    };

const HEX = /^(?:[0-9a-fA-F]{2})+$/;
const AES_CBC_BY_KEY_LENGTH: Record<number, string> = {
  16: 'aes-128-cbc',
  24: 'aes-192-cbc',
  32: 'aes-256-cbc',
};

/** SHA-256 of the certificate's DER, hex: what the client sends as publicKeyFingerprint. */
export function certificateFingerprint(certificatePem: string): string {
  return createHash('sha256').update(new X509Certificate(certificatePem).raw).digest('hex');
}

/**
 * Opens a Mastercard payload-encryption envelope with node:crypto alone (OpenSSL: fast, unlike the
 * client library's node-forge): RSA-OAEP (SHA-256 or SHA-512) unwraps the AES key, AES-CBC decrypts
 * the hex data, and the result must be JSON. The sandbox opens requests with it and the CCE client
 * opens dashboard responses; `expectedFingerprint` is checked when given (the sandbox knows the
 * certificate it was encrypted to, a client holding only its private key does not).
 */
export function decryptPayload(
  body: unknown,
  privateKey: KeyObject,
  expectedFingerprint?: string,
): DecryptionOutcome {
  const envelope = body as Record<string, unknown> | null;
  const { encryptedData, encryptedKey, iv, oaepHashingAlgorithm, publicKeyFingerprint } = envelope ?? {};
  if (
    typeof encryptedData !== 'string' ||
    typeof encryptedKey !== 'string' ||
    typeof iv !== 'string' ||
    (expectedFingerprint !== undefined && typeof publicKeyFingerprint !== 'string')
  ) {
    return { ok: false, failure: 'not-encrypted' };
  }
  if (encryptedData.length < 128 || encryptedData.length > 54000) {
    return { ok: false, failure: 'encrypted-data-length' };
  }
  if (expectedFingerprint !== undefined && String(publicKeyFingerprint).toLowerCase() !== expectedFingerprint)
    return { ok: false, failure: 'fingerprint-mismatch' };

  // A client reading CCE's answer assumes SHA-256 when the field is absent, as Mastercard's libraries
  // do; the sandbox (which knows what it expects) requires the field.
  const algorithm = oaepHashingAlgorithm ?? (expectedFingerprint === undefined ? 'SHA256' : undefined);
  const oaepHash = algorithm === 'SHA512' ? 'sha512' : algorithm === 'SHA256' ? 'sha256' : null;
  if (!oaepHash || !HEX.test(encryptedData) || !HEX.test(encryptedKey) || !HEX.test(iv)) {
    return { ok: false, failure: 'undecryptable' };
  }
  try {
    const aesKey = privateDecrypt(
      { key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash },
      Buffer.from(encryptedKey, 'hex'),
    );
    const cipher = AES_CBC_BY_KEY_LENGTH[aesKey.length];
    if (!cipher) return { ok: false, failure: 'undecryptable' };
    const decipher = createDecipheriv(cipher, aesKey, Buffer.from(iv, 'hex'));
    const plain = Buffer.concat([decipher.update(Buffer.from(encryptedData, 'hex')), decipher.final()]);
    return { ok: true, payload: JSON.parse(plain.toString('utf8')) as unknown };
  } catch {
    return { ok: false, failure: 'undecryptable' };
  }
}
