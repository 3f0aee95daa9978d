import { mkdir } from 'node:fs/promises';
import { errors, MongoBinary, MongoMemoryServer } from 'mongodb-memory-server-core';
import { DatabaseRungUnavailableError, type RunningDatabase } from '../running-database';

export interface MongoMemoryServerOptions {
  /** Keeps mongod's files here (on disk, wiredTiger) and leaves them on stop; a throw-away directory by default. */
  dataDir?: string;
  /** The path of mongod: MONGOMS_SYSTEM_BINARY, the cached download, or a download (needs internet). */
  mongodBinary?: () => Promise<string>;
}

/** Rung 2: a real mongod, downloaded (needs internet) or given by MONGOMS_SYSTEM_BINARY. */
export async function startMongoMemoryServer(
  options: MongoMemoryServerOptions = {},
): Promise<RunningDatabase> {
  // The binary first: offline, its download fails here, before MongoMemoryServer.create would print
  // the whole error and its stack to the console (it does so for any failure during start).
  try {
    await (options.mongodBinary ?? (() => MongoBinary.getPath()))();
  } catch (error) {
    throw new DatabaseRungUnavailableError('mongodb-memory-server', mongodUnavailable(error));
  }
  if (options.dataDir) await mkdir(options.dataDir, { recursive: true });
  let server: MongoMemoryServer;
  try {
    server = await MongoMemoryServer.create(
      options.dataDir ? { instance: { dbPath: options.dataDir, storageEngine: 'wiredTiger' } } : {},
    );
  } catch (error) {
    throw new DatabaseRungUnavailableError('mongodb-memory-server', firstLine(error));
  }
  const uri = server.getUri();
  return {
    kind: 'mongodb-memory-server',
    uri,
    description: `mongod from mongodb-memory-server at ${uri}`,
    // Cleanup removes only the directory mongodb-memory-server created itself, never a given dbPath.
    stop: async () => {
      await server.stop();
    },
  };
}

/** One short clause: what failed and the way around it, without URLs, stacks or retry details. */
function mongodUnavailable(error: unknown): string {
  const hint = 'MONGOMS_SYSTEM_BINARY=/path/to/mongod uses a local one';
  if (error instanceof errors.DownloadError) {
    return `cannot download mongod (${shorten(error.msg || String(error.code ?? 'no answer'))}); ${hint}`;
  }
  return `no mongod binary (${firstLine(error)}); ${hint}`;
}

function firstLine(error: unknown): string {
  return shorten((error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '');
}

function shorten(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 80 ? `${line.slice(0, 77)}...` : line;
}
