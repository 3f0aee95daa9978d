/* eslint-disable no-console -- jest's global teardown reports to the terminal */
import { rmSync } from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  const database = globalThis.testDatabase;
  if (database) {
    await database.stop();
    console.log(`\nTests ran on: ${database.description}`);
  }
  // After the database has stopped: its files are in there too (global-setup.ts).
  if (globalThis.testScratchDirectory) {
    rmSync(globalThis.testScratchDirectory, { recursive: true, force: true });
  }
}
