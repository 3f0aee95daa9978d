/* eslint-disable no-console -- jest's global setup reports to the terminal */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startDatabase } from '../../src/database/database-ladder';
import type { RunningDatabase } from '../../src/database/running-database';

declare global {
  var testDatabase: RunningDatabase | undefined;
  var testScratchDirectory: string | undefined;
}

/**
 * Starts one database for the whole run; workers inherit its URI through the environment.
 *
 * Every temporary file of the run (journals, throwaway keys, child gateways' data, the database's
 * own files) goes under one directory that the teardown removes: `TMPDIR` is what `os.tmpdir()`
 * reads, in the workers and in every child process they start.
 */
export default async function globalSetup(): Promise<void> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'cce-gateway-tests-'));
  globalThis.testScratchDirectory = scratch;
  process.env.TMPDIR = scratch;
  const database = await startDatabase({
    mongodbUri: process.env.MONGODB_URI,
    log: (message) => console.log(`\n${message}`),
  });
  globalThis.testDatabase = database;
  process.env.TEST_MONGODB_URI = database.uri;
  process.env.TEST_DATABASE_KIND = database.kind;
  console.log(`\nTests run on: ${database.description}`);
}
