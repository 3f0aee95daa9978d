/* eslint-disable no-console -- a command-line entry point reports on the console */
import mongoose from 'mongoose';
import { readKeyCommandConfig } from './config/key-command-config';
import { PersonalDataCipher } from './users/personal-data-cipher';
import { userModel } from './users/user-document';
import { assertKeyIdsKeepTheirKeys } from './users/key-checks';
import { KeyMaintenance } from './users/key-maintenance';

// `npm run keys:retire-fingerprint-key -- <keyId>`: a fingerprint key cannot be re-applied (the PAN
// is gone), so an older key stays in CARD_FINGERPRINT_KEYS for as long as any user that still counts
// as enrolled (ENROLLING, ACTIVE, DELETION_PENDING) was fingerprinted with it. This checks that, and
// exits 0 when the key can be removed, 2 while users depend on it.
async function main(): Promise<void> {
  const keyId = process.argv[2];
  const config = readKeyCommandConfig(process.env);
  if (!keyId) throw new Error('usage: npm run keys:retire-fingerprint-key -- <keyId>');
  if (config.cardFingerprintKeys[0].id === keyId) {
    throw new Error(
      `key "${keyId}" is the newest in CARD_FINGERPRINT_KEYS: put a new key first before retiring it`,
    );
  }
  const connection = await mongoose
    .createConnection(config.mongodbUri, { bufferCommands: false })
    .asPromise();
  try {
    // The keys must be the ones the gateways started with: never a typo, never a key no gateway has.
    await assertKeyIdsKeepTheirKeys(connection, config, new Date(), 'verify');
    const maintenance = new KeyMaintenance(
      userModel(connection),
      new PersonalDataCipher(config.personalDataKeys),
    );
    const dependents = await maintenance.countByFingerprintKey(keyId);
    const total = Object.values(dependents).reduce((sum, count) => sum + count, 0);
    console.log(
      JSON.stringify({
        keyId,
        dependents,
        retire: total === 0,
        advice:
          total === 0
            ? `no user depends on key "${keyId}": remove it from CARD_FINGERPRINT_KEYS`
            : `${total} users still depend on key "${keyId}": keep it until they are DELETED`,
      }),
    );
    if (total > 0) process.exitCode = 2;
  } finally {
    await connection.close();
  }
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
