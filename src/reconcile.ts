/* eslint-disable no-console -- a command-line entry point reports on the console */
import mongoose from 'mongoose';
import pino from 'pino';
import { EnvironmentReader } from './config/config-error';
import { readKeyRing } from './config/secret-keys';
import { createCacheMaintenance } from './users/cache-maintenance-factory';
import { IGNORE_ENROLLMENT_EVENTS } from './users/enrollment-events';
import { EnrollmentJournal } from './users/enrollment-journal';
import { prepareJournalDirectory } from './users/journal-directory';
import { PersonalDataCipher } from './users/personal-data-cipher';
import { userModel } from './users/user-document';
import { UserRepository } from './users/user-repository';

/**
 * Exit codes: 2 while journal entries wait for the database, 3 while dead letters or unreadable
 * journal lines wait for an operator.
 */
const PENDING = 2;
const DEAD_LETTERS = 3;

// `npm run reconcile`: the reconcile step, once, by hand. The gateway also runs it at start-up and
// every MAINTENANCE_INTERVAL_MS; this is for a gateway that is down, or to check the journal is empty.
async function main(): Promise<void> {
  const env = new EnvironmentReader(process.env);
  const mongodbUri = env.required('MONGODB_URI', 'the database the gateway uses');
  const personalDataKeys = readKeyRing(env, 'PERSONAL_DATA_KEYS', 'PERSONAL_DATA_KEY');
  const staleAfterMs = env.integer('INSTANCE_STALE_AFTER_MS', 60_000, 300, 3600_000);
  const retentionDays = env.integer('UNKNOWN_OUTCOME_RETENTION_DAYS', 30, 1, 3650);
  const maxTimeMS = env.integer('MONGODB_MAX_TIME_MS', 5_000, 50, 600_000);
  const intervalMs = env.integer('MAINTENANCE_INTERVAL_MS', 60_000, 1_000, 3600_000);
  env.throwIfProblems();
  const journal = new EnrollmentJournal(
    env.optional('ENROLLMENT_JOURNAL_PATH') ?? 'data/enrollment-journal.jsonl',
  );
  // The journal's instance: the command stands in for the gateway that owns this journal.
  const instanceId = await prepareJournalDirectory(journal.file, env.optional('INSTANCE_ID'));
  const connection = await mongoose
    .createConnection(mongodbUri!, { bufferCommands: false, serverSelectionTimeoutMS: 10_000 })
    .asPromise();
  try {
    const maintenance = createCacheMaintenance({
      connection,
      repository: new UserRepository(userModel(connection), new PersonalDataCipher(personalDataKeys!), {
        maxTimeMS,
      }),
      journal,
      instanceId,
      maintenanceIntervalMs: intervalMs,
      instanceStaleAfterMs: staleAfterMs,
      unknownOutcomeRetentionDays: retentionDays,
      maxTimeMS,
      events: IGNORE_ENROLLMENT_EVENTS,
      clock: () => new Date(),
      logger: pino({ level: 'info' }),
    });
    const report = await maintenance.run();
    const deadLetters = (await journal.deadLetters()).length;
    const corruptLines = await journal.corruptLines();
    console.log(JSON.stringify({ journal: journal.file, ...report, deadLetters, corruptLines }));
    if (deadLetters > 0 || corruptLines > 0) {
      if (deadLetters > 0) {
        console.error(
          `${deadLetters} enrollment(s) CCE accepted have no intent in the cache: see ${journal.deadLetterFile}`,
        );
      }
      if (corruptLines > 0) {
        console.error(`${corruptLines} journal line(s) could not be read: see ${journal.corruptFile}`);
      }
      process.exitCode = DEAD_LETTERS;
    } else if (report.stillPending > 0) process.exitCode = PENDING;
  } finally {
    await connection.close();
  }
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
