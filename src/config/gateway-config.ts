import { MongoClient } from 'mongodb';
import { DEFAULT_REQUEST_BUDGET_MS } from '../http/request-budget';
import type { CceClientOptions } from '../cce/cce-client';
import { parseAccountRange } from '../cce/issuer-rules';
import { isTestCce } from '../cce/cce-environments';
import { readAuthConfig, type AuthConfig } from './auth-config';
import { readCceConfig, readPlainHttpHosts } from './cce-config';
import { EnvironmentReader, type Environment } from './config-error';
import { readHttpConfig, type HttpConfig } from './http-config';
import { readLimitsConfig, type LimitsConfig } from './limits-config';
import { readKeyRing, type KeyRing } from './secret-keys';
import { readTelemetryConfig, type TelemetryConfig } from './telemetry-config';
import { withoutSecrets } from './startup-error';

/** Deadlines for MongoDB: a stalled database fails requests instead of hanging them. */
export interface DatabaseDeadlines {
  readonly serverSelectionTimeoutMS: number;
  readonly socketTimeoutMS: number;
  /** Server-side limit on every query and command. */
  readonly maxTimeMS: number;
}

export const DEFAULT_DATABASE_DEADLINES: DatabaseDeadlines = Object.freeze({
  serverSelectionTimeoutMS: 5_000,
  socketTimeoutMS: 10_000,
  maxTimeMS: 5_000,
});

/** CCE reads: four calls at once per request, scores kept an hour (CCE aggregates per month). */
export const DEFAULT_CCE_READS = Object.freeze({ concurrency: 4, carbonScoreCacheMs: 3600_000 });

/** `subgraph` serves the Apollo Federation 2 subgraph schema (`_service`, `_entities`). */
export type SchemaMode = 'plain' | 'subgraph';

/** Everything the gateway needs, parsed once at start-up and frozen. */
export interface GatewayConfig {
  readonly port: number;
  readonly host: string;
  readonly mongodbUri: string;
  readonly cce: CceClientOptions;
  /** HMAC keys for card fingerprints, newest first: the newest fingerprints new cards, all find duplicates. */
  readonly cardFingerprintKeys: KeyRing;
  /** AES-256-GCM keys for personal data at rest and its email blind index, newest first. */
  readonly personalDataKeys: KeyRing;
  /** The issuer's CCE Donate setting: makes name, billingAddress, email, locale... mandatory. */
  readonly donateEnabled: boolean;
  /** Replaces the supportedAccountRange read from GET /issuers. */
  readonly supportedAccountRangeOverride: readonly string[] | undefined;
  readonly accountRangeRefreshMs: number;
  /** CCE calls one request's reads (carbon scores) may have in flight at once. */
  readonly cceReadConcurrency: number;
  /** How long a carbon score CCE answered is served from the database. */
  readonly carbonScoreCacheMs: number;
  readonly enrollmentJournalPath: string;
  readonly maintenanceIntervalMs: number;
  /** This instance's id; by default a random id kept beside the journal (instance-id file). */
  readonly instanceId: string | undefined;
  readonly instanceHeartbeatMs: number;
  /** An instance silent for longer is taken for dead: its in-flight enrollments become OUTCOME_UNKNOWN. */
  readonly instanceStaleAfterMs: number;
  /** OUTCOME_UNKNOWN intents keep personal data this long, then only the fingerprint and last four. */
  readonly unknownOutcomeRetentionDays: number;
  readonly database: DatabaseDeadlines;
  /** A request older than this (or whose client has gone) is not sent to CCE. */
  readonly requestBudgetMs: number;
  readonly schemaMode: SchemaMode;
  /** /metrics on a listener of its own (the default in production), or on the GraphQL port when unset. */
  readonly metricsPort: number | undefined;
  /**
   * METRICS_DATABASE_COMMANDS: a latency histogram per database command. Off by default: it needs the
   * driver's command monitoring, which decodes every reply a second time for its event.
   */
  readonly databaseCommandMetrics: boolean;
  readonly auth: AuthConfig;
  readonly limits: LimitsConfig;
  readonly http: HttpConfig;
  /** OpenTelemetry traces (OTEL_* variables); off by default. */
  readonly telemetry: TelemetryConfig;
  readonly introspection: boolean;
  readonly landingPage: boolean;
  /** Stack traces in error responses: development only. */
  readonly exposeStackTraces: boolean;
  readonly logLevel: string;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Production configuration from the environment; throws ConfigError naming every bad variable. */
export function readGatewayConfig(environment: Environment): GatewayConfig {
  const env = new EnvironmentReader(environment);
  const port = env.integer('PORT', 4000, 0, 65535);
  const host = env.optional('HOST') ?? '0.0.0.0';
  const mongodbUri = env.required('MONGODB_URI', 'a mongodb:// or mongodb+srv:// connection string');
  if (mongodbUri !== undefined && !/^mongodb(\+srv)?:\/\//.test(mongodbUri)) {
    env.problem('MONGODB_URI must start with mongodb:// or mongodb+srv://');
  } else if (mongodbUri !== undefined) {
    const problem = connectionStringProblem(mongodbUri);
    if (problem) env.problem(`MONGODB_URI is not a valid connection string: ${problem}`);
  }
  const cce = readCceConfig(env);
  const cardFingerprintKeys = readKeyRing(env, 'CARD_FINGERPRINT_KEYS', 'CARD_FINGERPRINT_KEY');
  const personalDataKeys = readKeyRing(env, 'PERSONAL_DATA_KEYS', 'PERSONAL_DATA_KEY');
  if (cardFingerprintKeys?.some(({ key }) => personalDataKeys?.some((other) => other.key.equals(key)))) {
    // One secret for both would tie the card fingerprints and the email blind index together.
    env.problem('CARD_FINGERPRINT_KEY(S) and PERSONAL_DATA_KEY(S) must not share a key');
  }
  const range = env.optional('CCE_SUPPORTED_ACCOUNT_RANGE');
  if (range !== undefined && !/^\s*\d{4,8}(\s*,\s*\d{4,8})*\s*$/.test(range)) {
    env.problem('CCE_SUPPORTED_ACCOUNT_RANGE must be comma-separated prefixes of 4 to 8 digits');
  }
  const logLevel = env.optional('LOG_LEVEL') ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) env.problem(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  const config = {
    port,
    host,
    mongodbUri: mongodbUri ?? '',
    cce: cce as CceClientOptions,
    cardFingerprintKeys: cardFingerprintKeys!,
    personalDataKeys: personalDataKeys!,
    donateEnabled: env.boolean('CCE_DONATE_ENABLED', false),
    supportedAccountRangeOverride: range === undefined ? undefined : parseAccountRange(range),
    accountRangeRefreshMs: env.integer('CCE_ACCOUNT_RANGE_REFRESH_MS', 15 * 60_000, 10_000, 24 * 3600_000),
    cceReadConcurrency: env.integer('CCE_READ_CONCURRENCY', DEFAULT_CCE_READS.concurrency, 1, 64),
    carbonScoreCacheMs:
      env.integer(
        'CARBON_SCORE_CACHE_SECONDS',
        DEFAULT_CCE_READS.carbonScoreCacheMs / 1000,
        1,
        7 * 24 * 3600,
      ) * 1000,
    enrollmentJournalPath: env.optional('ENROLLMENT_JOURNAL_PATH') ?? 'data/enrollment-journal.jsonl',
    maintenanceIntervalMs: env.integer('MAINTENANCE_INTERVAL_MS', 60_000, 1_000, 3600_000),
    instanceId: readInstanceId(env),
    instanceHeartbeatMs: env.integer('INSTANCE_HEARTBEAT_MS', 10_000, 100, 600_000),
    instanceStaleAfterMs: env.integer('INSTANCE_STALE_AFTER_MS', 60_000, 300, 3600_000),
    unknownOutcomeRetentionDays: env.integer('UNKNOWN_OUTCOME_RETENTION_DAYS', 30, 1, 3650),
    database: {
      serverSelectionTimeoutMS: env.integer(
        'MONGODB_SERVER_SELECTION_TIMEOUT_MS',
        DEFAULT_DATABASE_DEADLINES.serverSelectionTimeoutMS,
        100,
        120_000,
      ),
      socketTimeoutMS: env.integer(
        'MONGODB_SOCKET_TIMEOUT_MS',
        DEFAULT_DATABASE_DEADLINES.socketTimeoutMS,
        100,
        600_000,
      ),
      maxTimeMS: env.integer('MONGODB_MAX_TIME_MS', DEFAULT_DATABASE_DEADLINES.maxTimeMS, 50, 600_000),
    },
    requestBudgetMs: readRequestBudget(env, cce?.timeoutMs),
    schemaMode: readSchemaMode(env),
    metricsPort: readMetricsPort(env),
    databaseCommandMetrics: env.boolean('METRICS_DATABASE_COMMANDS', false),
    auth: readAuthConfig(env),
    limits: readLimitsConfig(env),
    http: readHttpConfig(env),
    telemetry: readTelemetryConfig(env),
    introspection: env.boolean('GRAPHQL_INTROSPECTION', false),
    landingPage: env.boolean('GRAPHQL_LANDING_PAGE', false),
    exposeStackTraces: false,
    logLevel,
  };
  if (!config.auth.enabled && cce && !isTestCce(cce.baseUrl, readPlainHttpHosts(env))) {
    // Deny by default: without authentication every caller could enroll, delete and read real cardholders.
    env.problem(
      'AUTH_DISABLED=true is only accepted with a test CCE (CCE_BASE_URL "sandbox", a loopback address or a host ' +
        'in CCE_PLAIN_HTTP_HOSTS): configure AUTH_*',
    );
  }
  if (config.instanceStaleAfterMs < 2 * config.instanceHeartbeatMs) {
    env.problem('INSTANCE_STALE_AFTER_MS must be at least twice INSTANCE_HEARTBEAT_MS');
  }
  env.throwIfProblems();
  return Object.freeze(config);
}

/** The driver's own parser, so that a bad URI is reported here, naming the variable. */
function connectionStringProblem(uri: string): string | undefined {
  try {
    new MongoClient(uri);
    return undefined;
  } catch (error) {
    return withoutSecrets((error as Error).message, [uri]);
  }
}

function readInstanceId(env: EnvironmentReader): string | undefined {
  const value = env.optional('INSTANCE_ID');
  if (value !== undefined && !/^[A-Za-z0-9_.-]{1,64}$/.test(value)) {
    env.problem('INSTANCE_ID must be 1 to 64 of A-Z a-z 0-9 _ . -');
    return undefined;
  }
  return value;
}

/**
 * A CCE call starts only with its wait for a connection (half a deadline) and its whole deadline left
 * in the request's budget: the budget must be longer than both.
 */
function readRequestBudget(env: EnvironmentReader, cceTimeoutMs: number | undefined): number {
  const budget = env.integer('REQUEST_BUDGET_MS', DEFAULT_REQUEST_BUDGET_MS, 1_000, 600_000);
  if (cceTimeoutMs !== undefined && budget <= cceTimeoutMs * 1.5) {
    env.problem(
      'REQUEST_BUDGET_MS must be longer than 1.5 x CCE_TIMEOUT_MS: a CCE call starts only with its wait ' +
        'for a connection and its deadline left',
    );
  }
  return budget;
}

function readSchemaMode(env: EnvironmentReader): SchemaMode {
  const value = env.optional('GRAPHQL_SCHEMA_MODE') ?? 'plain';
  if (value === 'plain' || value === 'subgraph') return value;
  env.problem('GRAPHQL_SCHEMA_MODE must be plain or subgraph');
  return 'plain';
}

export const DEFAULT_METRICS_PORT = 9464;

/** In production /metrics stays off the public GraphQL port unless METRICS_ON_GRAPHQL_PORT says otherwise. */
function readMetricsPort(env: EnvironmentReader): number | undefined {
  const onGraphqlPort = env.boolean('METRICS_ON_GRAPHQL_PORT', false);
  if (onGraphqlPort && env.optional('METRICS_PORT') !== undefined) {
    env.problem('set only one of METRICS_PORT and METRICS_ON_GRAPHQL_PORT');
  }
  return onGraphqlPort ? undefined : env.integer('METRICS_PORT', DEFAULT_METRICS_PORT, 0, 65535);
}
