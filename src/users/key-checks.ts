import { createHmac } from 'node:crypto';
import { Schema, type Connection, type Model } from 'mongoose';
import type { KeyRing } from '../config/secret-keys';
import { StartupError } from '../config/startup-error';

interface KeyCheckDocument {
  /** `<purpose>:<key id>`. */
  _id: string;
  /** HMAC-SHA256 of a fixed label under the key: shows the key changed, reveals nothing about it. */
  check: string;
  createdAt: Date;
}

const keyCheckSchema = new Schema<KeyCheckDocument>(
  { _id: { type: String, required: true }, check: { type: String, required: true }, createdAt: Date },
  { collection: 'key_checks', versionKey: false, _id: false, strict: 'throw' },
);

const PURPOSES = [
  ['fingerprint', 'cardFingerprintKeys', 'CARD_FINGERPRINT_KEY(S)'],
  ['personal-data', 'personalDataKeys', 'PERSONAL_DATA_KEY(S)'],
] as const;

/**
 * A key id must always name the same key: a new secret under an old id would make enrolled cards
 * look new to the duplicate check, or stored personal data unreadable. The first start with a key
 * records a check value for its id; later starts refuse a different key under that id, naming the
 * variable and the id (never the key).
 */
export async function assertKeyIdsKeepTheirKeys(
  connection: Connection,
  keys: { cardFingerprintKeys: KeyRing; personalDataKeys: KeyRing },
  now: Date,
  /**
   * `record` (a gateway starting) records the check of a key id seen for the first time; `verify`
   * (the key commands) refuses one: a command must never be the first to use a key, or it could
   * move every document to a key no gateway has.
   */
  mode: 'record' | 'verify' = 'record',
): Promise<void> {
  const model =
    (connection.models.KeyCheck as Model<KeyCheckDocument> | undefined) ??
    connection.model<KeyCheckDocument>('KeyCheck', keyCheckSchema);
  for (const [purpose, setting, variable] of PURPOSES) {
    for (const { id, key } of keys[setting]) {
      const check = createHmac('sha256', key).update(`cce-gateway key check: ${purpose}`).digest('base64url');
      const _id = `${purpose}:${id}`;
      // An upsert that only inserts: the first gateway to start with this key id records its check.
      if (mode === 'record') {
        await model.updateOne({ _id }, { $setOnInsert: { check, createdAt: now } }, { upsert: true });
      }
      const stored = await model.findOne({ _id }).lean<KeyCheckDocument>();
      if (!stored) {
        throw new StartupError(
          variable,
          `key "${id}" has not been used by a gateway on this database yet: start the gateways with it first`,
        );
      }
      if (stored.check !== check) {
        throw new StartupError(
          variable,
          `key "${id}" is not the key this database was written with under that id: restore that key, ` +
            'or add the new key under a new id (see "Keys and rotation" in README.md)',
        );
      }
    }
  }
}
