/* eslint-disable no-console -- jest's global teardown reports to the terminal */
export default async function globalTeardown(): Promise<void> {
  const database = globalThis.testDatabase;
  if (!database) return;
  await database.stop();
  console.log(`\nTests ran on: ${database.description}`);
}
