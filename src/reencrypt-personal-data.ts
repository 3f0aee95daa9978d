/* eslint-disable no-console -- a command-line entry point reports on the console */
import mongoose from 'mongoose';
import { readKeyCommandConfig } from './config/key-command-config';
import { PersonalDataCipher } from './users/personal-data-cipher';
import { userModel } from './users/user-document';
import { assertKeyIdsKeepTheirKeys } from './users/key-checks';
import { KeyMaintenance } from './users/key-maintenance';

// `npm run keys:reencrypt`: after a new key is put first in PERSONAL_DATA_KEYS, moves every user's
// personal data (and email blind index) to it; documents from before encryption at rest are sealed
// and their clear fields removed. Safe while gateways run, and to run again. Once it
// reports nothing left, the older keys can be removed from PERSONAL_DATA_KEYS.
async function main(): Promise<void> {
  const config = readKeyCommandConfig(process.env);
  const connection = await mongoose
    .createConnection(config.mongodbUri, { bufferCommands: false })
    .asPromise();
  try {
    // The keys must be the ones the gateways started with: never a typo, never a key no gateway has.
    await assertKeyIdsKeepTheirKeys(connection, config, new Date(), 'verify');
    const cipher = new PersonalDataCipher(config.personalDataKeys);
    const report = await new KeyMaintenance(userModel(connection), cipher).resealPersonalData();
    console.log(JSON.stringify({ keyId: cipher.currentKeyId, ...report }));
    if (report.unreadable.length > 0) process.exitCode = 2;
  } finally {
    await connection.close();
  }
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
