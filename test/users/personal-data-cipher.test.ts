import { randomBytes, randomUUID } from 'node:crypto';
import { singleKeyRing, type KeyRing } from '../../src/config/secret-keys';
import { CardFingerprinter } from '../../src/users/card-fingerprint';
import { PersonalDataCipher, PersonalDataUnreadableError } from '../../src/users/personal-data-cipher';

const JANE = {
  email: { type: 'home', value: 'Jane.Doe@example.com' },
  name: { firstName: 'Jane', lastName: 'Doe' },
  cardholderName: 'Jane Doe',
  locale: 'en-US',
};

describe('PersonalDataCipher', () => {
  const key1 = { id: 'k1', key: randomBytes(32) };
  const key2 = { id: 'k2', key: randomBytes(32) };

  it('seals personal data so that none of it is readable, and opens it again', () => {
    const cipher = new PersonalDataCipher([key1]);
    const id = randomUUID();

    const sealed = cipher.seal(JANE, id);

    expect(sealed).toMatch(/^v1\.k1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    for (const clear of ['Jane', 'Doe', 'example', 'en-US']) expect(sealed).not.toContain(clear);
    expect(cipher.open(sealed, id)).toEqual(JANE);
    expect(cipher.seal(JANE, id)).not.toBe(sealed); // a fresh IV every time
  });

  it('does not open a sealed value moved to another document, altered, or under an unknown key', () => {
    const cipher = new PersonalDataCipher([key1]);
    const id = randomUUID();
    const sealed = cipher.seal(JANE, id);
    const parts = sealed.split('.');
    const ciphertext = Buffer.from(parts[3]!, 'base64url');
    ciphertext[0] = ciphertext[0]! ^ 1;
    const flipped = [...parts.slice(0, 3), ciphertext.toString('base64url'), parts[4]].join('.');

    expect(() => cipher.open(sealed, randomUUID())).toThrow(PersonalDataUnreadableError);
    expect(() => cipher.open(flipped, id)).toThrow(PersonalDataUnreadableError);
    expect(() => new PersonalDataCipher([key2]).open(sealed, id)).toThrow(/key "k1" is not configured/);
  });

  it('after a rotation, seals with the newest key and still opens what the older one sealed', () => {
    const id = randomUUID();
    const before = new PersonalDataCipher([key1]).seal(JANE, id);
    const rotated = new PersonalDataCipher([key2, key1] as KeyRing);

    expect(rotated.open(before, id)).toEqual(JANE);
    expect(rotated.keyIdOf(rotated.seal(JANE, id))).toBe('k2');
  });

  it('indexes emails case-insensitively, under every key for the filter and the newest for writes', () => {
    const old = new PersonalDataCipher([key1]);
    const rotated = new PersonalDataCipher([key2, key1] as KeyRing);

    expect(old.emailIndex(' JANE.doe@EXAMPLE.com')).toBe(old.emailIndex('jane.doe@example.com'));
    expect(old.emailIndex('jane.doe@example.com')).not.toContain('jane');
    expect(rotated.emailIndexes('jane.doe@example.com')).toEqual([
      rotated.emailIndex('jane.doe@example.com'),
      old.emailIndex('jane.doe@example.com'),
    ]);
  });

  it('derives its own subkeys: the blind index is not the card fingerprint under the same secret', () => {
    const secret = randomBytes(32);
    const fingerprint = new CardFingerprinter(singleKeyRing(secret)).fingerprints('2223006448842520').current;

    expect(new PersonalDataCipher(singleKeyRing(secret)).emailIndexes('2223006448842520')).not.toContain(
      fingerprint,
    );
  });
});
