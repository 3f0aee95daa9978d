import { mkdtempSync } from 'node:fs';
import { randomBytes, randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type DocumentNode } from 'graphql';
import mongoose, { type Connection } from 'mongoose';
import pino from 'pino';
import { request } from 'undici';
import { DEV_AUDIENCE, DEV_ISSUER, DevTokenIssuer } from '../../src/auth/dev-token-issuer';
import { CceClient } from '../../src/cce/cce-client';
import {
  ASYMMETRIC_ALGORITHMS,
  DEFAULT_TOKEN_CACHE_SECONDS,
  DEFAULT_USER_CLAIM,
  type AuthConfig,
} from '../../src/config/auth-config';
import { DEFAULT_HTTP_CONFIG, type HttpConfig } from '../../src/config/http-config';
import {
  DEFAULT_QUERY_LIMITS,
  type LimitsConfig,
  type QueryLimits,
  type RateLimits,
} from '../../src/config/limits-config';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/sandbox-server';
import type { SandboxIssuer } from '../../src/sandbox/sandbox-issuer';
import type { SchemaMode } from '../../src/config/gateway-config';
import { singleKeyRing, type KeyRing } from '../../src/config/secret-keys';
import { createLogger } from '../../src/logging/logger';
import { GatewayMetrics } from '../../src/observability/gateway-metrics';
import type { Telemetry } from '../../src/observability/tracing/telemetry';
import { TracedCce, withAttemptSpans } from '../../src/observability/tracing/traced-cce';
import type { CceResilienceSettings } from '../../src/cce/cce-resilience';
import { createGateway, type Gateway } from '../../src/server';
import { IssuerProfileSource } from '../../src/issuer/issuer-profile-source';
import { IssuerProfileStore } from '../../src/issuer/issuer-profile-store';
import { EnrollmentJournal } from '../../src/users/enrollment-journal';
import { assertKeyIdsKeepTheirKeys } from '../../src/users/key-checks';
import { userModel, type UserModel } from '../../src/users/user-document';
import { expectNoContractViolations } from './sandbox-fixture';
import { testMongoUri } from './test-database';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[];
  raw: string;
}

export interface GatewayFixture {
  readonly url: string;
  readonly gateway: Gateway;
  readonly sandbox: RunningSandbox;
  /** An adapter talking to the same sandbox directly, behind the gateway's back. */
  readonly cce: CceClient;
  readonly connection: Connection;
  readonly dbName: string;
  readonly users: UserModel;
  readonly journal: EnrollmentJournal;
  /** The gateway's clock: tests move it to make time pass. */
  readonly clock: { now: Date };
  /** The issuer the gateway trusts: mint tokens with other scopes or claims. */
  readonly tokens: DevTokenIssuer;
  /** A token with every scope; `graphql` sends it. */
  readonly token: string;
  /** The default keys as environment variables, for operator commands run against this fixture. */
  readonly keyEnvironment: Readonly<Record<'CARD_FINGERPRINT_KEY' | 'PERSONAL_DATA_KEY', string>>;
  /** `find` commands the gateway sent to the users collection since the fixture started. */
  usersFindCount(): number;
  /** Commands of any kind (`count`, `aggregate`...) the gateway sent to the users collection. */
  usersCommandCount(command: string): number;
  /** Posts a typed document (its result and variables types follow from it) to the gateway. */
  graphql<TResult, TVariables>(
    document: TypedDocumentNode<TResult, TVariables>,
    variables: TVariables,
  ): Promise<GraphQLResponse<TResult>>;
  /** Posts an operation built at run time, or variables the schema's types would not allow. */
  graphql<TResult = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GraphQLResponse<TResult>>;
  /** Posts with the given headers instead of the all-scopes token (none unless given). */
  graphqlAs<TResult = Record<string, unknown>>(
    headers: Record<string, string>,
    operation: string | DocumentNode,
    variables?: unknown,
  ): Promise<GraphQLResponse<TResult> & { headers: Record<string, string | string[] | undefined> }>;
  close(): Promise<void>;
}

export interface GatewayFixtureOptions {
  issuer?: Partial<SandboxIssuer>;
  /** Receives the gateway's JSON log lines (debug level), for tests about logging. */
  logDestination?: pino.DestinationStream;
  schemaMode?: SchemaMode;
  metricsPort?: number;
  donateEnabled?: boolean;
  cceTimeoutMs?: number;
  /** Random single keys by default; rotation tests pass rings. */
  cardFingerprintKeys?: KeyRing;
  personalDataKeys?: KeyRing;
  cceResilience?: Partial<CceResilienceSettings>;
  /** `false` turns authentication off (AUTH_DISABLED); by default the fixture's issuer is trusted. */
  auth?: false | { userClaim?: string };
  queryLimits?: Partial<QueryLimits>;
  /** Budgets per minute; the fixture's defaults are high so that only rate-limit tests meet them. */
  rateLimits?: Partial<RateLimits>;
  http?: Partial<HttpConfig>;
  limits?: Partial<Pick<LimitsConfig, 'persistedQueries' | 'trustedDocuments'>>;
  /** Share a database with another fixture (two instances on one database). */
  databaseName?: string;
  /** Trust this issuer instead of a new one (two instances accepting the same tokens). */
  tokens?: DevTokenIssuer;
  /** On by default in tests; production's default is off. */
  introspection?: boolean;
  /** A sandbox that outlives this gateway (a restart against the same CCE); the caller closes it. */
  sandbox?: RunningSandbox;
  /** `false` leaves out CCE_DECRYPTION_KEY_FILE: dashboards cannot be read. */
  decryptionKey?: false;
  cceReadConcurrency?: number;
  /** METRICS_DATABASE_COMMANDS (the fixture's connection always monitors commands, to count them). */
  databaseCommandMetrics?: boolean;
  carbonScoreCacheMs?: number;
  /** Traces to this telemetry (a test's in-memory exporter), wired as run-gateway.ts does; off by default. */
  telemetry?: Telemetry;
}

const GENEROUS_RATE_LIMITS: RateLimits = {
  queriesPerMinute: 100_000,
  enrollmentsPerMinute: 100_000,
  updatesPerMinute: 100_000,
  deletionsPerMinute: 100_000,
  cceReadsPerMinute: 100_000,
  unauthenticatedPerMinute: 100_000,
};

/**
 * The real gateway over real HTTP, with the real sandbox and a database of its own on the run's
 * test server. Nothing is mocked; failures are injected through the sandbox or the connection.
 */
export async function startGatewayFixture(options: GatewayFixtureOptions = {}): Promise<GatewayFixture> {
  const sandbox = options.sandbox ?? (await startSandbox({ issuer: options.issuer ?? {} }));
  const { decryptionKeyPem, ...withoutDecryptionKey } = sandbox.clientCredentials;
  const cceOptions = {
    baseUrl: sandbox.baseUrl,
    credentials:
      options.decryptionKey === false || decryptionKeyPem === undefined
        ? withoutDecryptionKey
        : { ...withoutDecryptionKey, decryptionKeyPem },
    timeoutMs: options.cceTimeoutMs ?? 5000,
    maxConnections: 8,
  };
  const metrics = new GatewayMetrics();
  const gatewayCce = new CceClient({
    ...cceOptions,
    // Short delays keep retrying tests quick; the breaker only opens when a test asks for it.
    resilience: {
      retryInitialDelayMs: 10,
      retryMaxDelayMs: 50,
      breakerFailures: 1000,
      ...options.cceResilience,
    },
    observer: options.telemetry ? withAttemptSpans(metrics) : metrics,
  });
  const gatewayPort = options.telemetry ? new TracedCce(gatewayCce, options.telemetry.tracer) : gatewayCce;
  const cce = new CceClient(cceOptions);
  const dbName = options.databaseName ?? `gateway_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const connection = await mongoose
    .createConnection(testMongoUri(), { dbName, bufferCommands: false, monitorCommands: true })
    .asPromise();
  const usersCommands = new Map<string, number>();
  connection.getClient().on('commandStarted', (event) => {
    if (event.command[event.commandName] === 'users') {
      usersCommands.set(event.commandName, (usersCommands.get(event.commandName) ?? 0) + 1);
    }
  });
  const journal = new EnrollmentJournal(
    path.join(mkdtempSync(path.join(tmpdir(), 'cce-journal-')), 'journal.jsonl'),
  );
  const clock = { now: new Date() };
  const logger = options.logDestination
    ? createLogger('debug', options.logDestination)
    : pino({ level: 'silent' });
  const issuerProfile = await IssuerProfileSource.fromIssuer({
    cce: gatewayPort,
    logger,
    store: new IssuerProfileStore(connection, 5_000),
    clock: () => clock.now,
  });
  const tokens = options.tokens ?? DevTokenIssuer.create();
  const auth: AuthConfig =
    options.auth === false
      ? { enabled: false }
      : {
          enabled: true,
          keys: { kind: 'public-key', key: tokens.publicKey },
          issuer: DEV_ISSUER,
          audience: DEV_AUDIENCE,
          algorithms: [...ASYMMETRIC_ALGORITHMS],
          clockToleranceSeconds: 30,
          userClaim: options.auth?.userClaim ?? DEFAULT_USER_CLAIM,
          tokenCacheSeconds: DEFAULT_TOKEN_CACHE_SECONDS,
        };
  // The default keys as an operator command (npm run outcomes, reconcile) would be given them.
  const keyEnvironment = {
    CARD_FINGERPRINT_KEY: randomBytes(32).toString('hex'),
    PERSONAL_DATA_KEY: randomBytes(32).toString('hex'),
  };
  const cardFingerprintKeys =
    options.cardFingerprintKeys ?? singleKeyRing(Buffer.from(keyEnvironment.CARD_FINGERPRINT_KEY, 'hex'));
  const personalDataKeys =
    options.personalDataKeys ?? singleKeyRing(Buffer.from(keyEnvironment.PERSONAL_DATA_KEY, 'hex'));
  // As `npm start` does before serving: the key ids this database is written with are recorded.
  await assertKeyIdsKeepTheirKeys(connection, { cardFingerprintKeys, personalDataKeys }, clock.now);
  const gateway = await createGateway({
    settings: {
      auth,
      limits: {
        query: { ...DEFAULT_QUERY_LIMITS, ...options.queryLimits },
        rate: { ...GENEROUS_RATE_LIMITS, ...options.rateLimits },
        persistedQueries: options.limits?.persistedQueries ?? false,
        trustedDocuments: options.limits?.trustedDocuments,
      },
      http: { ...DEFAULT_HTTP_CONFIG, ...options.http },
      cardFingerprintKeys:
        options.cardFingerprintKeys ?? singleKeyRing(Buffer.from(keyEnvironment.CARD_FINGERPRINT_KEY, 'hex')),
      personalDataKeys:
        options.personalDataKeys ?? singleKeyRing(Buffer.from(keyEnvironment.PERSONAL_DATA_KEY, 'hex')),
      donateEnabled: options.donateEnabled ?? false,
      enrollmentJournalPath: journal.file,
      introspection: options.introspection ?? true,
      landingPage: false,
      exposeStackTraces: false,
      maintenanceIntervalMs: 3600_000,
      schemaMode: options.schemaMode ?? 'plain',
      ...(options.metricsPort === undefined ? {} : { metricsPort: options.metricsPort }),
      ...(options.cceReadConcurrency ? { cceReadConcurrency: options.cceReadConcurrency } : {}),
      ...(options.databaseCommandMetrics ? { databaseCommandMetrics: true } : {}),
      ...(options.carbonScoreCacheMs ? { carbonScoreCacheMs: options.carbonScoreCacheMs } : {}),
    },
    connection,
    cce: gatewayPort,
    issuerProfile,
    logger,
    metrics,
    ...(options.telemetry ? { telemetry: options.telemetry } : {}),
    clock: () => clock.now,
    completionRetryDelaysMs: [10, 10],
  });
  const url = await gateway.listen(0);
  const token = await tokens.mint({ sub: 'test-suite' });
  const post = async (
    headers: Record<string, string>,
    operation: string | DocumentNode,
    variables: unknown,
  ) => {
    const query = typeof operation === 'string' ? operation : print(operation);
    const response = await request(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    const raw = await response.body.text();
    return {
      status: response.statusCode,
      headers: response.headers,
      raw,
      ...(JSON.parse(raw) as Omit<GraphQLResponse, 'status' | 'raw'>),
    };
  };

  return {
    url,
    gateway,
    sandbox,
    cce,
    connection,
    dbName,
    users: userModel(connection),
    journal,
    clock,
    tokens,
    token,
    keyEnvironment,
    usersFindCount: () => usersCommands.get('find') ?? 0,
    usersCommandCount: (command) => usersCommands.get(command) ?? 0,
    async graphql<T>(operation: string | DocumentNode, variables?: unknown) {
      const { headers: _headers, ...response } = await post(
        { authorization: `Bearer ${token}` },
        operation,
        variables,
      );
      return response as GraphQLResponse<T>;
    },
    graphqlAs: post as GatewayFixture['graphqlAs'],
    async close() {
      await gateway.stop();
      await Promise.all([gatewayCce.close(), cce.close(), options.sandbox ? undefined : sandbox.close()]);
      if (connection.readyState === mongoose.ConnectionStates.connected && !options.databaseName) {
        await connection.dropDatabase();
      }
      await connection.close();
      expectNoContractViolations(sandbox);
    },
  };
}
