import { randomUUID } from 'node:crypto';
import mongoose, { type Connection } from 'mongoose';

/**
 * A connection to a database of its own on the run's shared server, so that test files
 * running in parallel never see each other's documents. Dropped by `close`.
 */
export interface TestDatabase {
  readonly connection: Connection;
  close(): Promise<void>;
}

export function testMongoUri(): string {
  const uri = process.env.TEST_MONGODB_URI;
  if (!uri)
    throw new Error(
      'TEST_MONGODB_URI is not set: run the tests through jest (globalSetup starts the database)',
    );
  return uri;
}

export async function openTestDatabase(): Promise<TestDatabase> {
  const dbName = `test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const connection = await mongoose.createConnection(testMongoUri(), { dbName }).asPromise();
  return {
    connection,
    close: async () => {
      await connection.dropDatabase();
      await connection.close();
    },
  };
}
