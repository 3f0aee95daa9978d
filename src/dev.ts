import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startDatabase } from './database/database-ladder';
import type { Environment } from './config/config-error';
import { devGatewayConfig } from './dev/dev-config';
import { createDevLogger } from './dev/dev-logger';
import { dataRetention, devState, writeDevGateway } from './dev/dev-state';
import { runGateway, runOptionsFrom } from './run-gateway';
import { startSandbox } from './sandbox/sandbox-server';

// `npm run dev`: zero configuration. An in-process CCE sandbox with fresh keys, a database from the
// ladder (MONGODB_URI, mongodb-memory-server or embedded FerretDB), a throw-away token issuer, and
// the Apollo Sandbox landing page with that token already in its headers. DEV_DATA_DIR keeps the
// embedded database, the journal and the keys between runs (src/dev/dev-state.ts).
async function main(): Promise<void> {
  const logger = createDevLogger({ environment: process.env, isTerminal: process.stdout.isTTY === true });
  const state = devState(process.env);
  // The database files, the journal and the dev keys kept there are this user's only.
  if (state.dataDir) await mkdir(state.dataDir, { recursive: true, mode: 0o700 });
  const database = await startDatabase({
    mongodbUri: process.env.MONGODB_URI,
    log: (message) => logger.info(message),
    ...(state.dataDir ? { dataDir: path.join(state.dataDir, 'database') } : {}),
  });
  logger.info(`database: ${database.description}; ${dataRetention(database, state)}`);
  const donate = process.env.CCE_DONATE_ENABLED === 'true';
  const sandbox = await startSandbox({ issuer: { donate } });
  logger.info(
    `CCE sandbox: ${sandbox.baseUrl} (Donate ${donate ? 'on' : 'off'}, keys generated for this run)`,
  );

  const { config, tokens } = devGatewayConfig({
    sandbox,
    mongodbUri: database.uri,
    keys: await devKeys(process.env, state.stateDir),
    environment: { PORT: '4000', ...process.env },
    dataDir: state.dataDir,
  });
  const token = await tokens.mint({ sub: 'dev' }, '24h');
  const authorization = `Bearer ${token}`;
  // The landing page hands its token to whoever opens it: only on a loopback address.
  const loopback = ['127.0.0.1', 'localhost', '::1'].includes(config.host);
  if (!loopback)
    logger.warn(`HOST=${config.host} is not loopback: the landing page does not carry the dev token`);
  let forgetGateway: () => Promise<void> = async () => undefined;
  const url = await runGateway(
    runOptionsFrom(config, logger, {
      settings: {
        ...config,
        exposeStackTraces: true,
        ...(loopback ? { landingPageHeaders: { Authorization: authorization } } : {}),
      },
      onShutdown: async () => {
        await forgetGateway();
        await sandbox.close();
        await database.stop();
      },
    }),
  );
  logger.info(`GraphQL ready at ${url}/graphql (open it in a browser for Apollo Sandbox)`);
  // `npm run seed` finds this gateway and its token here.
  forgetGateway = await writeDevGateway(state, { url: `${url}/graphql`, authorization });
  logger.info(`dev token with every scope, valid 24 h: Authorization: ${authorization}`);
}

/**
 * Throw-away card fingerprint and personal data keys, generated once per machine (or DEV_DATA_DIR)
 * and kept across runs, so that duplicate detection and personal data survive a restart against a
 * persistent MONGODB_URI or DEV_DATA_DIR. A key variable set in the environment (single or ring)
 * replaces its default.
 */
async function devKeys(environment: Environment, dir: string): Promise<Environment> {
  const keys: Record<string, string> = {};
  for (const [single, ring, file] of [
    ['CARD_FINGERPRINT_KEY', 'CARD_FINGERPRINT_KEYS', 'dev-card-fingerprint.key'],
    ['PERSONAL_DATA_KEY', 'PERSONAL_DATA_KEYS', 'dev-personal-data.key'],
  ] as const) {
    if (!environment[single] && !environment[ring]) keys[single] = await devKeyHex(path.join(dir, file));
  }
  return keys;
}

async function devKeyHex(file: string): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (error) {
    // Only a missing key is made anew: replacing an unreadable one would orphan the data it protects.
    if ((error as { code?: string }).code !== 'ENOENT') throw error;
    const key = randomBytes(32).toString('hex');
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    await writeFile(file, key, { mode: 0o600, flag: 'wx' });
    return key;
  }
}

main().catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
