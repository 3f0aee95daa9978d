import mongoose from 'mongoose';
import type { Logger } from 'pino';
import { CceClient, type CceClientOptions } from './cce/cce-client';
import type { GatewayConfig } from './config/gateway-config';
import { detectCapabilities } from './database/capabilities';
import { createGateway, type GatewaySettings } from './server';
import { startupStep } from './config/startup-error';
import { AccountRangeSource } from './users/account-range-source';
import { assertKeyIdsKeepTheirKeys } from './users/key-checks';
import { KeyMaintenance } from './users/key-maintenance';
import { assertKeysCoverStoredUsers } from './users/key-coverage';
import { PersonalDataCipher } from './users/personal-data-cipher';
import { userModel } from './users/user-document';

export interface RunGatewayOptions {
  settings: GatewaySettings;
  mongodbUri: string;
  cce: CceClientOptions;
  supportedAccountRangeOverride: readonly string[] | undefined;
  accountRangeRefreshMs: number;
  port: number;
  host: string;
  logger: Logger;
  /** Runs last on shutdown (e.g. stopping the dev sandbox and embedded database). */
  onShutdown?: () => Promise<void>;
}

/** The options `npm start`, `npm run dev` and the benchmark all run with, from one parsed configuration. */
export function runOptionsFrom(
  config: GatewayConfig,
  logger: Logger,
  extra: Partial<Pick<RunGatewayOptions, 'settings' | 'onShutdown'>> = {},
): RunGatewayOptions {
  return {
    settings: { ...config, ...extra.settings },
    mongodbUri: config.mongodbUri,
    cce: config.cce,
    supportedAccountRangeOverride: config.supportedAccountRangeOverride,
    accountRangeRefreshMs: config.accountRangeRefreshMs,
    port: config.port,
    host: config.host,
    logger,
    ...(extra.onShutdown ? { onShutdown: extra.onShutdown } : {}),
  };
}

/**
 * Connects to MongoDB and CCE, serves GraphQL, and shuts down in order on SIGINT/SIGTERM:
 * stop accepting, drain in-flight requests, then close CCE connections and the database.
 */
export async function runGateway(options: RunGatewayOptions): Promise<string> {
  const { logger } = options;
  if (!options.settings.auth.enabled) {
    logger.warn(
      'AUTHENTICATION IS DISABLED (AUTH_DISABLED=true): every caller holds every scope. Never expose this gateway.',
    );
  }
  const database = <T>(what: string, step: () => Promise<T>) =>
    startupStep('MONGODB_URI', what, step, [options.mongodbUri]);
  // No command buffering: when the database is down, writes fail at once and the
  // enrollment journal takes over, instead of requests hanging.
  const connection = await database('cannot connect to the database', () =>
    mongoose
      .createConnection(options.mongodbUri, {
        bufferCommands: false,
        serverSelectionTimeoutMS: 5000,
        monitorCommands: true,
      })
      .asPromise(),
  );
  const capabilities = await database('cannot query the database', () => detectCapabilities(connection.db!));
  logger.info({ database: capabilities }, 'database capabilities');
  await database('cannot read the key checks', () =>
    assertKeyIdsKeepTheirKeys(connection, options.settings, new Date()),
  );
  await database('cannot read the users collection', () =>
    assertKeysCoverStoredUsers(
      new KeyMaintenance(userModel(connection), new PersonalDataCipher(options.settings.personalDataKeys)),
      options.settings,
    ),
  );
  const cce = new CceClient(options.cce);
  const accountRanges = options.supportedAccountRangeOverride
    ? AccountRangeSource.fixed(options.supportedAccountRangeOverride, {
        warn: (message) => logger.warn(message),
      })
    : await startupStep(
        'CCE_BASE_URL (or CCE_SUPPORTED_ACCOUNT_RANGE)',
        "cannot read the issuer's supportedAccountRange from CCE",
        () => AccountRangeSource.fromIssuer(cce, { warn: (message) => logger.warn(message) }),
      );
  accountRanges.startRefreshing(options.accountRangeRefreshMs);

  const gateway = await createGateway({ settings: options.settings, connection, cce, accountRanges, logger });
  const url = await startupStep('PORT / HOST / METRICS_PORT', 'cannot listen', () =>
    gateway.listen(options.port, options.host),
  );

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: draining in-flight requests');
    void (async () => {
      await gateway.stop();
      accountRanges.stop();
      await cce.close();
      await connection.close();
      await options.onShutdown?.();
      logger.info('stopped');
      process.exit(0);
    })().catch((error: Error) => {
      logger.error({ error: error.message }, 'unclean shutdown');
      process.exit(1);
    });
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  return url;
}
