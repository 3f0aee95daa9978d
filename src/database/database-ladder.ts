import { DatabaseRungUnavailableError, type RunningDatabase } from './running-database';
import { startFerretDb } from './embedded/ferretdb-process';
import { redactUriCredentials } from './redact-uri';

export interface DatabaseLadderOptions {
  /** Used as-is when set (rung 1). */
  mongodbUri?: string;
  /** Progress messages: which rung is tried, builds, fall-throughs. */
  log: (message: string) => void;
}

export class NoDatabaseAvailableError extends Error {
  constructor(failures: readonly string[]) {
    super(
      [
        'No MongoDB-wire server is available. Provide one of:',
        '  1. MONGODB_URI=mongodb://... pointing at a running MongoDB (or FerretDB)',
        '  2. internet access for mongodb-memory-server to download mongod, or MONGOMS_SYSTEM_BINARY=/path/to/mongod',
        '  3. a Go toolchain (`go` on PATH, Go module proxy reachable) to build the embedded FerretDB launcher',
        'What was tried:',
        ...failures.map((failure) => `  - ${failure}`),
      ].join('\n'),
    );
    this.name = 'NoDatabaseAvailableError';
  }
}

/**
 * Finds a real MongoDB-wire server without asking the developer to install one:
 * an explicit URI, then a downloaded mongod, then FerretDB built from the Go module proxy.
 */
export async function startDatabase(options: DatabaseLadderOptions): Promise<RunningDatabase> {
  if (options.mongodbUri) {
    return {
      kind: 'external',
      uri: options.mongodbUri,
      description: `MongoDB at ${redactUriCredentials(options.mongodbUri)} (from MONGODB_URI)`,
      stop: async () => undefined,
    };
  }

  const failures: string[] = [];
  // Loaded only when needed: mongodb-memory-server is a development dependency.
  const startMongoMemoryServer = async (log: (message: string) => void) =>
    (await import('./embedded/mongodb-memory-server')).startMongoMemoryServer(log);
  const rungs = [startMongoMemoryServer, startFerretDb];
  for (const startRung of rungs) {
    try {
      return await startRung(options.log);
    } catch (error) {
      if (!(error instanceof DatabaseRungUnavailableError)) throw error;
      failures.push(error.message);
      options.log(`database ladder: ${error.message}; trying the next option`);
    }
  }
  throw new NoDatabaseAvailableError(failures);
}
