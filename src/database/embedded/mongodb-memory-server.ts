import { MongoMemoryServer } from 'mongodb-memory-server-core';
import { DatabaseRungUnavailableError, type RunningDatabase } from '../running-database';

/** Rung 2: a real mongod, downloaded (needs internet) or given by MONGOMS_SYSTEM_BINARY. */
export async function startMongoMemoryServer(log: (message: string) => void): Promise<RunningDatabase> {
  log('database ladder: starting mongodb-memory-server');
  let server: MongoMemoryServer;
  try {
    server = await MongoMemoryServer.create();
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error))
      .replace(/\s+/g, ' ')
      .slice(0, 300);
    throw new DatabaseRungUnavailableError('mongodb-memory-server', reason);
  }
  const uri = server.getUri();
  return {
    kind: 'mongodb-memory-server',
    uri,
    description: `mongod from mongodb-memory-server at ${uri}`,
    stop: async () => {
      await server.stop();
    },
  };
}
