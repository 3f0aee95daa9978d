import type { EnvironmentReader } from './config-error';

/** A secret key and the id stored beside what it produced, so that keys can be rotated. */
export interface NamedKey {
  readonly id: string;
  readonly key: Buffer;
}

/** Every configured key, newest first: the first one writes, all of them read. Never empty. */
export type KeyRing = readonly [NamedKey, ...NamedKey[]];

/** The id a single-key variable (e.g. CARD_FINGERPRINT_KEY) gives its key. */
export const SINGLE_KEY_ID = 'default';

const MIN_KEY_BYTES = 32;
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
export const KEY_FORMAT_HINT = `${MIN_KEY_BYTES} or more random bytes as hex (at least ${MIN_KEY_BYTES * 2} hex digits, e.g. \`openssl rand -hex 32\`) or as base64 with a "base64:" prefix`;

/**
 * Decodes a key given with an explicit encoding: hex of at least 64 digits, or `base64:` followed
 * by standard or URL-safe base64 of at least 32 bytes. Returns a reason (never the value) when it
 * cannot be used.
 */
export function decodeSecretKey(value: string): Buffer | string {
  if (value.startsWith('base64:')) {
    const encoded = value.slice('base64:'.length);
    if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(encoded)) return 'is not valid base64 after "base64:"';
    const key = Buffer.from(encoded, encoded.includes('-') || encoded.includes('_') ? 'base64url' : 'base64');
    return key.length < MIN_KEY_BYTES ? `must decode to at least ${MIN_KEY_BYTES} bytes` : key;
  }
  if (!/^[0-9a-fA-F]+$/.test(value)) return 'must be hex digits, or base64 with a "base64:" prefix';
  if (value.length % 2 !== 0) return 'has an odd number of hex digits';
  if (value.length < MIN_KEY_BYTES * 2) return `must be at least ${MIN_KEY_BYTES * 2} hex digits`;
  return Buffer.from(value, 'hex');
}

/**
 * Why a decoded key does not look like CSPRNG output, or null. Random keys of 32 bytes or more
 * pass all of these with overwhelming probability; typed-in and made-up keys do not.
 */
export function weakKeyReason(key: Buffer): string | null {
  if (new Set(key).size === 1) return 'is one byte value repeated';
  for (let period = 1; period <= key.length / 2; period += 1) {
    if (key.every((byte, index) => byte === key[index % period])) return 'is a short pattern repeated';
  }
  const step = (key[1]! - key[0]! + 256) % 256;
  if (key.every((byte, index) => index === 0 || (byte - key[index - 1]! + 256) % 256 === step)) {
    return 'is a sequence of bytes';
  }
  // Random bytes are all printable ASCII with a probability of (95/256)^32 ~ 1e-14: this is a passphrase.
  if (key.every((byte) => byte >= 0x20 && byte <= 0x7e))
    return 'is printable text (a passphrase), not random bytes';
  // 32 random bytes show about 30 distinct values; fewer than half of the key's length is a pattern.
  if (new Set(key).size < Math.min(16, key.length / 2)) return 'has too few distinct byte values';
  return null;
}

/**
 * Reads a key ring from `listName` (`id:key,id:key`, newest first) or, instead, one key from
 * `singleName` (id `default`). Every problem names the variable, and the key id, never the key.
 */
export function readKeyRing(
  env: EnvironmentReader,
  listName: string,
  singleName: string,
): KeyRing | undefined {
  const list = env.optional(listName);
  const single = env.optional(singleName);
  if (list !== undefined && single !== undefined) {
    env.problem(`set only one of ${listName} and ${singleName}`);
    return undefined;
  }
  if (list === undefined && single === undefined) {
    env.problem(`${singleName} or ${listName} is required: ${KEY_FORMAT_HINT}`);
    return undefined;
  }
  const entries =
    list === undefined
      ? [{ id: SINGLE_KEY_ID, value: single!, label: singleName }]
      : list.split(',').map((entry, index) => parseEntry(entry.trim(), `${listName} entry ${index + 1}`));
  const keys: NamedKey[] = [];
  for (const { id, value, label } of entries) {
    if (id === undefined || !KEY_ID.test(id)) {
      env.problem(`${label} must be id:key, the id 1-32 letters, digits, _ or -`);
      continue;
    }
    const where = list === undefined ? singleName : `${listName} key "${id}"`;
    const key = decodeSecretKey(value);
    if (typeof key === 'string') {
      env.problem(`${where} ${key}: ${KEY_FORMAT_HINT}`);
      continue;
    }
    const weakness = weakKeyReason(key);
    if (weakness) {
      env.problem(`${where} ${weakness}: generate one with \`openssl rand -hex 32\``);
      continue;
    }
    if (keys.some((known) => known.id === id)) env.problem(`${listName} names key "${id}" twice`);
    else if (keys.some((known) => known.key.equals(key))) env.problem(`${where} repeats another key`);
    else keys.push({ id, key });
  }
  return keys.length === entries.length && keys.length > 0 ? (keys as unknown as KeyRing) : undefined;
}

function parseEntry(entry: string, label: string): { id: string | undefined; value: string; label: string } {
  const colon = entry.indexOf(':');
  return colon < 0
    ? { id: undefined, value: entry, label }
    : { id: entry.slice(0, colon), value: entry.slice(colon + 1), label };
}

/** A key ring of one fresh key, for development and tests. */
export function singleKeyRing(key: Buffer, id = SINGLE_KEY_ID): KeyRing {
  return [{ id, key }];
}
