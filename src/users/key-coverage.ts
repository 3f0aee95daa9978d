import type { KeyRing } from '../config/secret-keys';
import { StartupError } from '../config/startup-error';
import type { KeyMaintenance } from './key-maintenance';

/**
 * Refuses to start when stored documents depend on a key that is no longer configured: without
 * the fingerprint key, enrolled cards would be accepted again (duplicates at CCE); without the data
 * key, users could not be read. Names the variable and the key id, never a key.
 */
export async function assertKeysCoverStoredUsers(
  maintenance: KeyMaintenance,
  keys: { cardFingerprintKeys: KeyRing; personalDataKeys: KeyRing },
): Promise<void> {
  const inUse = await maintenance.keyIdsInUse();
  const missing = (used: readonly string[], ring: KeyRing) =>
    used.filter((id) => !ring.some((key) => key.id === id));
  const fingerprint = missing(inUse.fingerprint, keys.cardFingerprintKeys);
  if (fingerprint.length > 0) {
    throw new StartupError(
      'CARD_FINGERPRINT_KEYS',
      `enrolled users' fingerprints use key ${quoted(fingerprint)}, which is not configured: without it ` +
        'their cards would pass the duplicate check (see `npm run keys:retire-fingerprint-key`)',
    );
  }
  const personalData = missing(inUse.personalData, keys.personalDataKeys);
  if (personalData.length > 0) {
    throw new StartupError(
      'PERSONAL_DATA_KEYS',
      `stored personal data is sealed with key ${quoted(personalData)}, which is not configured: ` +
        'keep it configured until `npm run keys:reencrypt` has moved every user to the newest key',
    );
  }
}

function quoted(ids: readonly string[]): string {
  return ids.map((id) => `"${id}"`).join(', ');
}
