/* eslint-disable no-console -- jest's global setup reports to the terminal */
import { startDatabase } from '../../src/database/database-ladder';
import type { RunningDatabase } from '../../src/database/running-database';

declare global {
  var testDatabase: RunningDatabase | undefined;
}

/** Starts one database for the whole run; workers inherit its URI through the environment. */
export default async function globalSetup(): Promise<void> {
  const database = await startDatabase({
    mongodbUri: process.env.MONGODB_URI,
    log: (message) => console.log(`\n${message}`),
  });
  globalThis.testDatabase = database;
  process.env.TEST_MONGODB_URI = database.uri;
  process.env.TEST_DATABASE_KIND = database.kind;
  console.log(`\nTests run on: ${database.description}`);
}
