import type { Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import express from 'express';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { CcePort } from './cce/cce-port';
import { createAuthenticator } from './auth/authenticator';
import type { GatewayConfig } from './config/gateway-config';
import { graphqlEndpoint } from './http/graphql-endpoint';
import { httpErrorHandler, notFoundHandler } from './http/http-error-handler';
import { createHttpServer } from './http/http-server';
import { listenOn } from './http/listen';
import { databaseAnswers } from './http/readiness';
import { routeRequests } from './http/request-router';
import { mutationScopePreflight } from './graphql/auth/mutation-scope-preflight';
import { noServiceSdlRule } from './graphql/auth/service-sdl-rule';
import { buildGatewaySchema } from './graphql/build-schema';
import { buildGatewaySubgraphSchema } from './graphql/build-subgraph-schema';
import { contextFactory, type GatewayContext } from './graphql/context';
import { formatError } from './graphql/error-mapping';
import { costLimitCheck, queryLimitProtection } from './graphql/limits/query-limits';
import { rateLimitCheck } from './graphql/limits/rate-limit-check';
import { operationChecksPlugin } from './graphql/operation-checks-plugin';
import { CallerRateLimiter } from './limits/rate-limiter';
import { GatewayMetrics } from './observability/gateway-metrics';
import { metricsResponse, startMetricsServer } from './observability/metrics-server';
import { operationObservabilityPlugin } from './observability/operation-plugin';
import { traceDatabaseCommands } from './observability/tracing/database-spans';
import { operationTracingPlugin } from './observability/tracing/operation-tracing-plugin';
import type { Telemetry } from './observability/tracing/telemetry';
import type { IssuerProfileSource } from './issuer/issuer-profile-source';
import type { CacheMaintenance } from './users/cache-maintenance';
import { createCacheMaintenance } from './users/cache-maintenance-factory';
import type { EnrollmentStep } from './users/enrollment-service';
import { InstanceRegistry } from './users/instance-registry';
import { DEFAULT_CCE_READS } from './config/gateway-config';
import { createServices } from './gateway-services';
import { DEFAULT_REQUEST_BUDGET_MS } from './http/request-budget';

export type GatewaySettings = Pick<
  GatewayConfig,
  | 'cardFingerprintKeys'
  | 'personalDataKeys'
  | 'donateEnabled'
  | 'enrollmentJournalPath'
  | 'introspection'
  | 'landingPage'
  | 'exposeStackTraces'
  | 'maintenanceIntervalMs'
  | 'auth'
  | 'limits'
  | 'http'
> &
  Partial<
    Pick<
      GatewayConfig,
      | 'schemaMode'
      | 'metricsPort'
      | 'databaseCommandMetrics'
      | 'instanceId'
      | 'instanceHeartbeatMs'
      | 'instanceStaleAfterMs'
      | 'unknownOutcomeRetentionDays'
      | 'database'
      | 'requestBudgetMs'
      | 'cceReadConcurrency'
      | 'carbonScoreCacheMs'
    >
  > & {
    /** Headers the Apollo Sandbox landing page starts with (npm run dev: the dev token). */
    landingPageHeaders?: Readonly<Record<string, string>>;
  };

export interface GatewayDependencies {
  settings: GatewaySettings;
  connection: Connection;
  /** The CCE client, reporting its calls to `metrics`. */
  cce: CcePort;
  /** The issuer's CCE profile: account range for enrollments, `issuer`, `updateIssuer`, readiness. */
  issuerProfile: IssuerProfileSource;
  logger: Logger;
  /** A fresh registry by default; /metrics serves it. */
  metrics?: GatewayMetrics;
  /** OpenTelemetry traces; absent (the default), nothing about tracing runs per request. */
  telemetry?: Telemetry;
  clock?: () => Date;
  /** Retry delays of the database write of a completed enrollment (tests shorten them). */
  completionRetryDelaysMs?: readonly number[];
  /** TESTS ONLY (crash tests): see EnrollmentServiceDependencies.testOnlyPauseAt. */
  testOnlyPauseAt?: (step: EnrollmentStep) => Promise<void>;
}

export interface Gateway {
  readonly httpServer: Server;
  readonly metrics: GatewayMetrics;
  readonly maintenance: CacheMaintenance;
  /** This instance's id in heartbeats, intents and leases (see journal-directory.ts). */
  readonly instanceId: string;
  /** Listens and starts background maintenance; resolves to the base URL. */
  listen(port: number, host?: string): Promise<string>;
  /** Where /metrics is served when METRICS_PORT gives it a listener of its own (after listen). */
  metricsUrl(): string | undefined;
  stop(): Promise<void>;
}

/** Time a request may still need after its budget: the journal fsync and one database write. */
const SHUTDOWN_MARGIN_MS = 15_000;

/** How long the port waits for the start-up maintenance run before opening anyway. */
const STARTUP_MAINTENANCE_WAIT_MS = 5_000;

/** The composition root: wires the cache, the services, the schema and HTTP. */
export async function createGateway(deps: GatewayDependencies): Promise<Gateway> {
  const clock = deps.clock ?? (() => new Date());
  const metrics = deps.metrics ?? new GatewayMetrics();
  const settings = deps.settings;
  // Both need the connection's command monitoring (runGateway turns it on for them only).
  if (settings.databaseCommandMetrics) metrics.observeDatabase(deps.connection.getClient());
  if (deps.telemetry) traceDatabaseCommands(deps.connection.getClient(), deps.telemetry.tracer);
  const services = await createServices(deps, clock, metrics);
  const { repository, journal, instanceId, maxTimeMS } = services;
  const heartbeatMs = settings.instanceHeartbeatMs ?? 10_000;
  const instances = new InstanceRegistry(deps.connection, {
    instanceId,
    heartbeatEveryMs: heartbeatMs,
    clock,
    logger: deps.logger,
  });
  const buildSchema =
    deps.settings.schemaMode === 'subgraph' ? buildGatewaySubgraphSchema : buildGatewaySchema;
  const schema = await buildSchema(services);
  const maintenance = createCacheMaintenance({
    connection: deps.connection,
    repository,
    journal,
    instanceId,
    maintenanceIntervalMs: settings.maintenanceIntervalMs,
    ...(settings.instanceStaleAfterMs ? { instanceStaleAfterMs: settings.instanceStaleAfterMs } : {}),
    ...(settings.unknownOutcomeRetentionDays
      ? { unknownOutcomeRetentionDays: settings.unknownOutcomeRetentionDays }
      : {}),
    maxTimeMS,
    events: metrics,
    clock,
    logger: deps.logger,
    deletions: services.deletion,
    purgeExpired: (now) =>
      services.carbonScoreCache.purgeFetchedBefore(
        new Date(now.getTime() - (settings.carbonScoreCacheMs ?? DEFAULT_CCE_READS.carbonScoreCacheMs)),
      ),
  });

  const rateLimiter = new CallerRateLimiter(deps.connection.db!, deps.settings.limits.rate);
  await CallerRateLimiter.ensureIndexes(deps.connection.db!).catch((error: Error) =>
    deps.logger.warn({ error: error.message }, 'rate limit indexes not created; limits still apply'),
  );
  const queryLimits = queryLimitProtection(deps.settings.limits.query);

  const app = express();
  app.disable('x-powered-by');
  // An ETag is a hash of every response body, and POSTed GraphQL answers are never revalidated.
  app.disable('etag');
  // The listener is set once Apollo has started (below): the drain plugin needs the server first.
  const httpServer = createHttpServer(deps.settings.http);
  const apollo = new ApolloServer<GatewayContext>({
    schema,
    introspection: deps.settings.introspection,
    // Automatic persisted queries let any caller register documents; off unless configured.
    persistedQueries: deps.settings.limits.persistedQueries ? {} : false,
    allowBatchedHttpRequests: false,
    validationRules: [
      ...queryLimits.validationRules,
      ...(deps.settings.introspection ? [] : [noServiceSdlRule]),
    ],
    // run-gateway.ts orders the shutdown (drain, then CCE, then the database); Apollo's own
    // handler would re-raise the signal and kill the process before that finishes.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: deps.settings.exposeStackTraces,
    hideSchemaDetailsFromClientErrors: !deps.settings.introspection,
    formatError: (formatted, error) =>
      formatError(formatted, error, (unexpected) =>
        deps.logger.error({ err: unexpected }, 'unexpected error'),
      ),
    plugins: [
      // A draining stop waits as long as a request may live (its budget, then its completion), so an
      // enrollment CCE answers during the drain is journaled and recorded before the process exits.
      ApolloServerPluginDrainHttpServer({
        httpServer,
        stopGracePeriodMillis: (settings.requestBudgetMs ?? DEFAULT_REQUEST_BUDGET_MS) + SHUTDOWN_MARGIN_MS,
      }),
      // Federated traces (ftv1) would hand any caller who asks resolver timings and unmasked errors.
      ApolloServerPluginInlineTraceDisabled(),
      // No field declares a cache hint; the default cache-control plugin would still wrap every
      // resolver and run a hook per field of every row.
      ApolloServerPluginCacheControlDisabled(),
      ...queryLimits.plugins,
      operationChecksPlugin([
        costLimitCheck(deps.settings.limits.query.maxCost),
        mutationScopePreflight,
        rateLimitCheck(rateLimiter),
      ]),
      operationObservabilityPlugin(metrics, deps.logger),
      ...(deps.telemetry ? [operationTracingPlugin()] : []),
      deps.settings.landingPage
        ? ApolloServerPluginLandingPageLocalDefault({
            footer: false,
            ...(deps.settings.landingPageHeaders
              ? {
                  headers: { ...deps.settings.landingPageHeaders },
                  embed: { initialState: { sharedHeaders: { ...deps.settings.landingPageHeaders } } },
                }
              : {}),
          })
        : ApolloServerPluginLandingPageDisabled(),
    ],
  });
  await apollo.start();

  const createContext = contextFactory({
    queries: services.queries,
    carbonScores: services.carbonScores,
    dashboards: services.dashboards,
    authenticator: createAuthenticator(deps.settings.auth),
    rateLimiter,
    logger: deps.logger,
    requestBudgetMs: settings.requestBudgetMs ?? DEFAULT_REQUEST_BUDGET_MS,
  });
  if (deps.settings.metricsPort === undefined) {
    app.get('/metrics', async (_request, response) => {
      const { contentType, body } = await metricsResponse(metrics);
      response.type(contentType).send(body);
    });
  }
  let metricsListener: { url: string; server: Server } | undefined;
  app.get('/healthz', (_request, response) => {
    response.json({ status: 'ok' });
  });
  app.get('/readyz', async (_request, response) => {
    const problem = deps.issuerProfile.credentialsRejected
      ? 'CCE rejected the credentials'
      : (await databaseAnswers(deps.connection))
        ? undefined
        : 'database unreachable';
    response.status(problem ? 503 : 200).json({ status: problem ?? 'ready' });
  });
  app.use(notFoundHandler);
  app.use(httpErrorHandler(deps.logger));
  const graphql = graphqlEndpoint({
    apollo,
    createContext,
    maxBodyBytes: deps.settings.http.maxBodyBytes,
    guard: {
      maxTokens: deps.settings.limits.query.maxTokens,
      trustedDocuments: deps.settings.limits.trustedDocuments,
    },
    ...(deps.telemetry ? { tracer: deps.telemetry.tracer } : {}),
    logger: deps.logger,
  });
  httpServer.on('request', routeRequests(graphql, app));

  return {
    httpServer,
    metrics,
    maintenance,
    instanceId,
    async listen(port, host = '127.0.0.1') {
      await instances
        .register()
        .catch((error: Error) => deps.logger.warn({ error: error.message }, 'instance registration failed'));
      instances.startHeartbeat();
      // Start-up maintenance gets a few seconds before the port opens, then goes on in the background: a
      // re-check of deletions at a CCE that times out must not keep listing from starting.
      const startupMaintenance = maintenance
        .run()
        .catch((error: Error) => deps.logger.warn({ error: error.message }, 'start-up maintenance failed'));
      await Promise.race([startupMaintenance, sleep(STARTUP_MAINTENANCE_WAIT_MS)]);
      maintenance.start(deps.settings.maintenanceIntervalMs);
      const url = await listenOn(httpServer, port, host);
      if (deps.settings.metricsPort !== undefined) {
        metricsListener = await startMetricsServer(metrics, deps.settings.metricsPort, host);
      }
      // A wildcard address is not somewhere to send a browser.
      return url.replace('//0.0.0.0:', '//localhost:');
    },
    metricsUrl: () => metricsListener?.url,
    async stop() {
      maintenance.stop();
      instances.stop();
      metricsListener?.server.close();
      await apollo.stop();
    },
  };
}
