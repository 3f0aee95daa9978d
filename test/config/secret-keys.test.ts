import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { EnvironmentReader, type Environment } from '../../src/config/config-error';
import { decodeSecretKey, readKeyRing, weakKeyReason } from '../../src/config/secret-keys';

function ring(env: Environment) {
  const reader = new EnvironmentReader(env);
  return {
    keys: readKeyRing(reader, 'CARD_FINGERPRINT_KEYS', 'CARD_FINGERPRINT_KEY'),
    problems: reader.problems,
  };
}

describe('secret keys', () => {
  it('decodes only an explicit encoding: hex of 64+ digits, or base64: with 32+ bytes', () => {
    const key = randomBytes(32);

    expect(decodeSecretKey(key.toString('hex'))).toEqual(key);
    expect(decodeSecretKey(`base64:${key.toString('base64')}`)).toEqual(key);
    expect(decodeSecretKey(`base64:${key.toString('base64url')}`)).toEqual(key);
    expect(decodeSecretKey(key.toString('base64'))).toEqual(expect.stringContaining('must be hex digits'));
    expect(decodeSecretKey(randomBytes(31).toString('hex'))).toEqual(expect.stringContaining('at least 64'));
    expect(decodeSecretKey(`${key.toString('hex')}a`)).toEqual(expect.stringContaining('odd number'));
    expect(decodeSecretKey('base64:***')).toEqual(expect.stringContaining('not valid base64'));
  });

  it.each([
    ['all zeros', Buffer.alloc(32)],
    ['one byte repeated', Buffer.alloc(48, 0xab)],
    ['a two-byte pattern', Buffer.from('abcd'.repeat(16), 'hex')],
    ['"password" six times', Buffer.from('password'.repeat(6))],
    ['counting bytes', Buffer.from(Array.from({ length: 32 }, (_, i) => i))],
    ['a passphrase', Buffer.from('correct horse battery staple, ok')],
    ['few distinct bytes', Buffer.from(Array.from({ length: 32 }, (_, i) => [1, 7, 9, 200][(i * i) % 4]!))],
  ])('calls %s weak', (_case, key) => {
    expect(weakKeyReason(key)).not.toBeNull();
  });

  it('never calls CSPRNG output weak', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 64 }), (bytes) => {
        // fast-check's arrays are biased towards small and repeated values: only judge random-looking ones.
        fc.pre(new Set(bytes).size >= bytes.length * 0.75);
        fc.pre(!bytes.every((byte) => byte >= 0x20 && byte <= 0x7e));
        expect(weakKeyReason(Buffer.from(bytes))).toBeNull();
      }),
    );
    for (let i = 0; i < 200; i += 1) expect(weakKeyReason(randomBytes(32))).toBeNull();
  });

  it('reads a ring newest first, or one key as id "default"', () => {
    const [k2, k1] = [randomBytes(32), randomBytes(32)];

    expect(
      ring({ CARD_FINGERPRINT_KEYS: `k2:${k2.toString('hex')}, k1:base64:${k1.toString('base64')}` }).keys,
    ).toEqual([
      { id: 'k2', key: k2 },
      { id: 'k1', key: k1 },
    ]);
    expect(ring({ CARD_FINGERPRINT_KEY: k1.toString('hex') }).keys).toEqual([{ id: 'default', key: k1 }]);
  });

  it('names the variable and the key id of every problem, never the key', () => {
    const good = randomBytes(32).toString('hex');
    const { keys, problems } = ring({
      CARD_FINGERPRINT_KEYS: `a:${good},a:${randomBytes(32).toString('hex')},b:${good},${good},c:${'0'.repeat(64)}`,
    });

    expect(keys).toBeUndefined();
    expect(problems).toEqual([
      'CARD_FINGERPRINT_KEYS names key "a" twice',
      'CARD_FINGERPRINT_KEYS key "b" repeats another key',
      expect.stringMatching(/^CARD_FINGERPRINT_KEYS entry 4 must be id:key/),
      expect.stringMatching(/^CARD_FINGERPRINT_KEYS key "c" is one byte value repeated/),
    ]);
    expect(problems.join('\n')).not.toContain(good);
    expect(ring({}).problems).toEqual([
      expect.stringMatching(/^CARD_FINGERPRINT_KEY or CARD_FINGERPRINT_KEYS is required/),
    ]);
    expect(ring({ CARD_FINGERPRINT_KEY: good, CARD_FINGERPRINT_KEYS: `x:${good}` }).problems).toEqual([
      'set only one of CARD_FINGERPRINT_KEYS and CARD_FINGERPRINT_KEY',
    ]);
  });
});
