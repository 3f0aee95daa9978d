import path from 'node:path';
import { DatabaseRungUnavailableError, type RunningDatabase } from './running-database';
import { startFerretDb } from './embedded/ferretdb-process';
import { redactUriCredentials } from './redact-uri';

export interface DatabaseLadderOptions {
  /** Used as-is when set (rung 1). */
  mongodbUri?: string;
  /** Progress messages: builds, and one line per rung skipped. */
  log: (message: string) => void;
  /** Keeps the embedded database's files here across runs (each rung in a folder of its own). */
  dataDir?: string;
  /** The rungs after MONGODB_URI, in order: mongodb-memory-server then embedded FerretDB by default. */
  rungs?: readonly DatabaseRung[];
}

/** Starts one kind of server, or throws DatabaseRungUnavailableError when it cannot run here. */
export type DatabaseRung = (log: (message: string) => void, dataDir?: string) => Promise<RunningDatabase>;

const DEFAULT_RUNGS: readonly DatabaseRung[] = [
  // Loaded only when needed: mongodb-memory-server is a development dependency.
  async (_log, dataDir) =>
    (await import('./embedded/mongodb-memory-server')).startMongoMemoryServer(
      dataDir ? { dataDir: path.join(dataDir, 'mongod') } : {},
    ),
  (log, dataDir) => startFerretDb(log, dataDir ? { dataDir: path.join(dataDir, 'ferretdb') } : {}),
];

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
  for (const startRung of options.rungs ?? DEFAULT_RUNGS) {
    try {
      return await startRung(options.log, options.dataDir);
    } catch (error) {
      if (!(error instanceof DatabaseRungUnavailableError)) throw error;
      failures.push(error.message);
      options.log(`database ladder: skipping ${error.message}`);
    }
  }
  throw new NoDatabaseAvailableError(failures);
}
