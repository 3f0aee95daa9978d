import { mkdtempSync } from 'node:fs';
import { randomBytes, randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type DocumentNode } from 'graphql';
import mongoose, { type Connection } from 'mongoose';
import pino from 'pino';
import { request } from 'undici';
import { CceClient } from '../../src/cce/cce-client';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/sandbox-server';
import type { SandboxIssuer } from '../../src/sandbox/sandbox-issuer';
import type { SchemaMode } from '../../src/config/gateway-config';
import { createLogger } from '../../src/logging/logger';
import { GatewayMetrics } from '../../src/observability/gateway-metrics';
import type { CceResilienceSettings } from '../../src/cce/cce-resilience';
import { createGateway, type Gateway } from '../../src/server';
import { AccountRangeSource } from '../../src/users/account-range-source';
import { EnrollmentJournal } from '../../src/users/enrollment-journal';
import { userModel, type UserModel } from '../../src/users/user-document';
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
  readonly users: UserModel;
  readonly journal: EnrollmentJournal;
  /** The gateway's clock: tests move it to make time pass. */
  readonly clock: { now: Date };
  /** `find` commands the gateway sent to the users collection since the fixture started. */
  usersFindCount(): number;
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
  cceResilience?: Partial<CceResilienceSettings>;
}

/**
 * The real gateway over real HTTP, with the real sandbox and a database of its own on the run's
 * test server. Nothing is mocked; failures are injected through the sandbox or the connection.
 */
export async function startGatewayFixture(options: GatewayFixtureOptions = {}): Promise<GatewayFixture> {
  const sandbox = await startSandbox({ issuer: options.issuer ?? {} });
  const cceOptions = {
    baseUrl: sandbox.baseUrl,
    credentials: sandbox.clientCredentials,
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
    observer: metrics,
  });
  const cce = new CceClient(cceOptions);
  const dbName = `gateway_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const connection = await mongoose
    .createConnection(testMongoUri(), { dbName, bufferCommands: false, monitorCommands: true })
    .asPromise();
  let finds = 0;
  connection.getClient().on('commandStarted', (event) => {
    if (event.commandName === 'find' && event.command.find === 'users') finds += 1;
  });
  const journal = new EnrollmentJournal(
    path.join(mkdtempSync(path.join(tmpdir(), 'cce-journal-')), 'journal.jsonl'),
  );
  const clock = { now: new Date() };
  const logger = options.logDestination
    ? createLogger('debug', options.logDestination)
    : pino({ level: 'silent' });
  const accountRanges = await AccountRangeSource.fromIssuer(gatewayCce, logger);
  const gateway = await createGateway({
    settings: {
      cardFingerprintKey: randomBytes(32),
      donateEnabled: options.donateEnabled ?? false,
      enrollmentJournalPath: journal.file,
      introspection: true,
      landingPage: false,
      exposeStackTraces: false,
      maintenanceIntervalMs: 3600_000,
      schemaMode: options.schemaMode ?? 'plain',
      ...(options.metricsPort === undefined ? {} : { metricsPort: options.metricsPort }),
    },
    connection,
    cce: gatewayCce,
    accountRanges,
    logger,
    metrics,
    clock: () => clock.now,
    completionRetryDelaysMs: [10, 10],
  });
  const url = await gateway.listen(0);

  return {
    url,
    gateway,
    sandbox,
    cce,
    connection,
    users: userModel(connection),
    journal,
    clock,
    usersFindCount: () => finds,
    async graphql<T>(operation: string | DocumentNode, variables?: unknown) {
      const query = typeof operation === 'string' ? operation : print(operation);
      const response = await request(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      const raw = await response.body.text();
      return {
        status: response.statusCode,
        raw,
        ...(JSON.parse(raw) as Omit<GraphQLResponse<T>, 'status' | 'raw'>),
      };
    },
    async close() {
      await gateway.stop();
      await Promise.all([gatewayCce.close(), cce.close(), sandbox.close()]);
      if (connection.readyState === mongoose.ConnectionStates.connected) await connection.dropDatabase();
      await connection.close();
    },
  };
}
