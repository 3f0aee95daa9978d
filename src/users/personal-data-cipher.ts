import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import type { KeyRing } from '../config/secret-keys';
import type { PersonalData } from './personal-data';

const FORMAT = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

interface DerivedKey {
  readonly id: string;
  readonly encryption: Buffer;
  readonly emailIndex: Buffer;
}

/** The sealed text names a key that is not configured, or it was altered or moved to another document. */
export class PersonalDataUnreadableError extends Error {
  constructor(
    readonly documentId: string,
    reason: string,
  ) {
    super(`personal data of user document ${documentId} cannot be read: ${reason}`);
    this.name = 'PersonalDataUnreadableError';
  }
}

/**
 * AES-256-GCM for the personal data of one user document, and a keyed blind index for the email
 * filter. Each configured key gives two subkeys (HKDF-SHA256), so the same secret never serves
 * two purposes. The newest key seals; any configured key opens. The document id is the additional
 * authenticated data: a sealed value copied into another document does not open.
 *
 * Sealed form: `v1.<keyId>.<iv>.<ciphertext>.<tag>` (base64url).
 */
export class PersonalDataCipher {
  private readonly keys: readonly DerivedKey[];

  constructor(keys: KeyRing) {
    this.keys = keys.map(({ id, key }) => ({
      id,
      encryption: derive(key, 'cce-gateway personal data encryption v1'),
      emailIndex: derive(key, 'cce-gateway email blind index v1'),
    }));
  }

  get currentKeyId(): string {
    return this.keys[0]!.id;
  }

  seal(data: PersonalData, documentId: string): string {
    const key = this.keys[0]!;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key.encryption, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(additionalData(documentId, key.id));
    const ciphertext = Buffer.concat([cipher.update(JSON.stringify(data), 'utf8'), cipher.final()]);
    return [FORMAT, key.id, iv, ciphertext, cipher.getAuthTag()]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  open(sealed: string, documentId: string): PersonalData {
    const [format, keyId, iv, ciphertext, tag, extra] = sealed.split('.');
    if (format !== FORMAT || !keyId || !iv || ciphertext === undefined || !tag || extra !== undefined) {
      throw new PersonalDataUnreadableError(documentId, 'not a sealed value');
    }
    const key = this.keys.find(({ id }) => id === keyId);
    if (!key) throw new PersonalDataUnreadableError(documentId, `key "${keyId}" is not configured`);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key.encryption, Buffer.from(iv, 'base64url'), {
        authTagLength: TAG_BYTES,
      });
      decipher.setAAD(additionalData(documentId, key.id));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      const clear = Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]);
      return JSON.parse(clear.toString('utf8')) as PersonalData;
    } catch {
      throw new PersonalDataUnreadableError(
        documentId,
        'authentication failed (altered, or not its document)',
      );
    }
  }

  /** The id of the key that sealed `sealed`, without opening it. */
  keyIdOf(sealed: string): string | undefined {
    return sealed.split('.')[1];
  }

  /** The blind index of an email address under the newest key: what a new document stores. */
  emailIndex(email: string): string {
    return blindIndex(this.keys[0]!, email);
  }

  /** The blind index under every configured key: what the email filter looks for. */
  emailIndexes(email: string): string[] {
    return this.keys.map((key) => blindIndex(key, email));
  }
}

/** Addresses compare case-insensitively, without surrounding spaces. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

function blindIndex(key: DerivedKey, email: string): string {
  return createHmac('sha256', key.emailIndex).update(normalizeEmail(email), 'utf8').digest('base64url');
}

function derive(key: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), purpose, 32));
}

function additionalData(documentId: string, keyId: string): Buffer {
  return Buffer.from(`cce-gateway/users/${documentId}/${keyId}`, 'utf8');
}
