import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ferretDbCacheDir } from './database/embedded/ferretdb-binary';
import { startDatabase } from './database/database-ladder';
import { devGatewayConfig } from './dev/dev-config';
import { createLogger } from './logging/logger';
import { runGateway, runOptionsFrom } from './run-gateway';
import { startSandbox } from './sandbox/sandbox-server';

// `npm run dev`: zero configuration. An in-process CCE sandbox with fresh keys, a database from the
// ladder (MONGODB_URI, mongodb-memory-server or embedded FerretDB), a throw-away token issuer, and
// the Apollo Sandbox landing page with that token already in its headers.
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

  const { config, tokens } = devGatewayConfig({
    sandbox,
    mongodbUri: database.uri,
    cardFingerprintKeyHex: await devFingerprintKeyHex(),
    environment: { PORT: '4000', ...process.env },
  });
  const token = await tokens.mint({ sub: 'dev' }, '24h');
  const authorization = `Bearer ${token}`;
  // The landing page hands its token to whoever opens it: only on a loopback address.
  const loopback = ['127.0.0.1', 'localhost', '::1'].includes(config.host);
  if (!loopback)
    logger.warn(`HOST=${config.host} is not loopback: the landing page does not carry the dev token`);
  const url = await runGateway(
    runOptionsFrom(config, logger, {
      settings: {
        ...config,
        exposeStackTraces: true,
        ...(loopback ? { landingPageHeaders: { Authorization: authorization } } : {}),
      },
      onShutdown: async () => {
        await sandbox.close();
        await database.stop();
      },
    }),
  );
  logger.info(`GraphQL ready at ${url}/graphql (open it in a browser for Apollo Sandbox)`);
  logger.info(`dev token with every scope, valid 24 h: Authorization: ${authorization}`);
}

/** Kept across runs so that duplicate detection survives a restart against a persistent MONGODB_URI. */
async function devFingerprintKeyHex(): Promise<string> {
  if (process.env.CARD_FINGERPRINT_KEY) return process.env.CARD_FINGERPRINT_KEY;
  const file = path.join(ferretDbCacheDir(), 'dev-card-fingerprint.key');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    const key = randomBytes(32).toString('hex');
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, key, { mode: 0o600 });
    return key;
  }
}

main().catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
