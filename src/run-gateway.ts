import { setTimeout as sleep } from 'node:timers/promises';
import mongoose from 'mongoose';
import type { Logger } from 'pino';
import { CceClient, type CceClientOptions } from './cce/cce-client';
import { DEFAULT_DATABASE_DEADLINES, type GatewayConfig } from './config/gateway-config';
import { detectCapabilities } from './database/capabilities';
import { startupStep } from './config/startup-error';
import type { TelemetryConfig } from './config/telemetry-config';
import { GatewayMetrics } from './observability/gateway-metrics';
import { startTelemetry } from './observability/tracing/start-telemetry';
import { TracedCce, withAttemptSpans } from './observability/tracing/traced-cce';
import { createGateway, type GatewayDependencies, type GatewaySettings } from './server';
import { IssuerProfileSource } from './issuer/issuer-profile-source';
import { IssuerProfileStore } from './issuer/issuer-profile-store';
import { assertKeyIdsKeepTheirKeys } from './users/key-checks';
import { KeyMaintenance } from './users/key-maintenance';
import { assertKeysCoverStoredUsers } from './users/key-coverage';
import { PersonalDataCipher } from './users/personal-data-cipher';
import { userModel } from './users/user-document';

/** The longest start-up waits for GET /issuers when neither configuration nor the database gave a range. */
const FIRST_PROFILE_WAIT_MS = 2_000;

export interface RunGatewayOptions {
  settings: GatewaySettings;
  mongodbUri: string;
  cce: CceClientOptions;
  supportedAccountRangeOverride: readonly string[] | undefined;
  accountRangeRefreshMs: number;
  port: number;
  host: string;
  logger: Logger;
  /** OpenTelemetry traces (OTEL_* variables); off when absent. */
  telemetry?: TelemetryConfig;
  /** Runs last on shutdown (e.g. stopping the dev sandbox and embedded database). */
  onShutdown?: () => Promise<void>;
  /** TESTS ONLY: passed to createGateway by the crash tests' entry point; main.ts never sets it. */
  testOnly?: Pick<GatewayDependencies, 'testOnlyPauseAt'>;
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
    telemetry: config.telemetry,
    ...(extra.onShutdown ? { onShutdown: extra.onShutdown } : {}),
  };
}

/**
 * Connects to MongoDB and CCE, serves GraphQL, and shuts down in order on SIGINT/SIGTERM:
 * stop accepting, drain in-flight requests, replay the journal, then close CCE connections and the database.
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
  // No command buffering and hard deadlines: when the database is down or stalled, requests fail
  // within their budget and the enrollment journal takes over, instead of requests hanging.
  const deadlines = options.settings.database ?? DEFAULT_DATABASE_DEADLINES;
  const connection = await database('cannot connect to the database', () =>
    mongoose
      .createConnection(options.mongodbUri, {
        bufferCommands: false,
        serverSelectionTimeoutMS: deadlines.serverSelectionTimeoutMS,
        socketTimeoutMS: deadlines.socketTimeoutMS,
        // A stalled server accepts TCP connections but never completes the handshake (default 30 s).
        connectTimeoutMS: deadlines.socketTimeoutMS,
        // Command monitoring decodes every reply again for its event (a page of users twice): only
        // for what needs it, database spans and METRICS_DATABASE_COMMANDS.
        monitorCommands:
          options.settings.databaseCommandMetrics === true || options.telemetry?.enabled === true,
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
  const telemetry = options.telemetry && startTelemetry(options.telemetry, logger);
  const metrics = new GatewayMetrics();
  const client = new CceClient({ ...options.cce, observer: telemetry ? withAttemptSpans(metrics) : metrics });
  const cce = telemetry ? new TracedCce(client, telemetry.tracer) : client;
  // Start-up never waits for CCE: the range comes from configuration or the last stored profile.
  const issuerProfile = new IssuerProfileSource({
    cce,
    logger,
    store: new IssuerProfileStore(connection, deadlines.maxTimeMS),
    ...(options.supportedAccountRangeOverride ? { override: options.supportedAccountRangeOverride } : {}),
  });
  await database('cannot read the stored issuer profile', () => issuerProfile.loadStored());
  const firstRefresh = issuerProfile.startRefreshing(options.accountRangeRefreshMs);
  // Without any known range, give CCE a moment to answer, but start regardless: listing needs no CCE.
  if (!issuerProfile.accountRange()) await Promise.race([firstRefresh, sleep(FIRST_PROFILE_WAIT_MS)]);

  const gateway = await createGateway({
    settings: options.settings,
    connection,
    cce,
    issuerProfile,
    logger,
    metrics,
    ...(telemetry ? { telemetry } : {}),
    ...options.testOnly,
  });
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
      // Every completion journaled by the drained requests goes to the database while it is still open.
      await gateway.maintenance
        .replayJournal()
        .catch((error: Error) => logger.warn({ error: error.message }, 'journal replay at shutdown failed'));
      issuerProfile.stop();
      await client.close();
      await connection.close();
      // Last before exit: the spans of the drained requests and of the shutdown itself are exported.
      await telemetry
        ?.shutdown()
        .catch((error: Error) => logger.warn({ error: error.message }, 'spans not exported at shutdown'));
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
