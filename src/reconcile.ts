/* eslint-disable no-console -- a command-line entry point reports on the console */
import mongoose from 'mongoose';
import pino from 'pino';
import { EnvironmentReader } from './config/config-error';
import { readKeyRing } from './config/secret-keys';
import { ABANDONED_INTENT_AFTER_MS, CacheMaintenance } from './users/cache-maintenance';
import { EnrollmentJournal } from './users/enrollment-journal';
import { PersonalDataCipher } from './users/personal-data-cipher';
import { userModel } from './users/user-document';
import { UserRepository } from './users/user-repository';

// `npm run reconcile`: the reconcile step, once, by hand. The gateway also runs it at start-up and
// every MAINTENANCE_INTERVAL_MS; this is for a gateway that is down, or to check the journal is empty.
async function main(): Promise<void> {
  const env = new EnvironmentReader(process.env);
  const mongodbUri = env.required('MONGODB_URI', 'the database the gateway uses');
  const personalDataKeys = readKeyRing(env, 'PERSONAL_DATA_KEYS', 'PERSONAL_DATA_KEY');
  env.throwIfProblems();
  const journal = new EnrollmentJournal(
    env.optional('ENROLLMENT_JOURNAL_PATH') ?? 'data/enrollment-journal.jsonl',
  );
  const connection = await mongoose.createConnection(mongodbUri!, { bufferCommands: false }).asPromise();
  try {
    const maintenance = new CacheMaintenance({
      repository: new UserRepository(userModel(connection), new PersonalDataCipher(personalDataKeys!)),
      journal,
      clock: () => new Date(),
      logger: pino({ level: 'info' }),
      abandonedAfterMs: ABANDONED_INTENT_AFTER_MS,
    });
    const report = await maintenance.run();
    console.log(JSON.stringify({ journal: journal.file, ...report }));
    if (report.stillPending > 0) process.exitCode = 2;
  } finally {
    await connection.close();
  }
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
