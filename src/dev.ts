import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ferretDbCacheDir } from './database/embedded/ferretdb-binary';
import { startDatabase } from './database/database-ladder';
import { EnvironmentReader } from './config/config-error';
import { readKeyRing, singleKeyRing, type KeyRing } from './config/secret-keys';
import { createLogger } from './logging/logger';
import { runGateway } from './run-gateway';
import { startSandbox } from './sandbox/sandbox-server';

// `npm run dev`: zero configuration. An in-process CCE sandbox with fresh keys, a database from the
// ladder (MONGODB_URI, mongodb-memory-server or embedded FerretDB), the Apollo Sandbox landing page.
async function main(): Promise<void> {
  const logger = createLogger(process.env.LOG_LEVEL ?? 'info');
  const database = await startDatabase({
    mongodbUri: process.env.MONGODB_URI,
    log: (message) => logger.info(message),
  });
  logger.info(`database: ${database.description}`);
  const donate = process.env.CCE_DONATE_ENABLED === 'true';
  const sandbox = await startSandbox({ issuer: { donate } });
  logger.info(
    `CCE sandbox: ${sandbox.baseUrl} (Donate ${donate ? 'on' : 'off'}, keys generated for this run)`,
  );

  const url = await runGateway({
    settings: {
      cardFingerprintKeys: await devKeyRing(
        'CARD_FINGERPRINT_KEYS',
        'CARD_FINGERPRINT_KEY',
        'dev-card-fingerprint.key',
      ),
      personalDataKeys: await devKeyRing('PERSONAL_DATA_KEYS', 'PERSONAL_DATA_KEY', 'dev-personal-data.key'),
      donateEnabled: donate,
      enrollmentJournalPath: process.env.ENROLLMENT_JOURNAL_PATH ?? 'data/enrollment-journal.jsonl',
      introspection: true,
      landingPage: true,
      exposeStackTraces: true,
      maintenanceIntervalMs: 60_000,
      schemaMode: process.env.GRAPHQL_SCHEMA_MODE === 'subgraph' ? 'subgraph' : 'plain',
    },
    mongodbUri: database.uri,
    cce: {
      baseUrl: sandbox.baseUrl,
      credentials: sandbox.clientCredentials,
      timeoutMs: 10_000,
      maxConnections: 32,
    },
    supportedAccountRangeOverride: undefined,
    accountRangeRefreshMs: 15 * 60_000,
    port: Number(process.env.PORT ?? 4000),
    host: process.env.HOST ?? '127.0.0.1',
    logger,
    onShutdown: async () => {
      await sandbox.close();
      await database.stop();
    },
  });
  logger.info(`GraphQL ready at ${url}/graphql (open it in a browser for Apollo Sandbox)`);
}

/**
 * The keys from the environment when set (checked like `npm start` does), otherwise a throw-away
 * key generated once per machine and kept across runs, so that duplicate detection and personal
 * data survive a restart against a persistent MONGODB_URI.
 */
async function devKeyRing(listName: string, singleName: string, fileName: string): Promise<KeyRing> {
  if (process.env[listName] || process.env[singleName]) {
    const env = new EnvironmentReader(process.env);
    const keys = readKeyRing(env, listName, singleName);
    env.throwIfProblems();
    return keys!;
  }
  const file = path.join(ferretDbCacheDir(), fileName);
  try {
    return singleKeyRing(Buffer.from((await readFile(file, 'utf8')).trim(), 'hex'), 'dev');
  } catch {
    const key = randomBytes(32);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, key.toString('hex'), { mode: 0o600 });
    return singleKeyRing(key, 'dev');
  }
}

main().catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
