import type { MongoClient } from 'mongodb';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The gateway's Prometheus metrics, in a registry of its own (served at /metrics). */
export class GatewayMetrics {
  readonly registry = new Registry();

  readonly operations = new Counter({
    name: 'graphql_operations_total',
    help: 'GraphQL operations by root fields and outcome (success or the first error code).',
    labelNames: ['operation', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly operationDuration = new Histogram({
    name: 'graphql_operation_duration_seconds',
    help: 'GraphQL operation latency, from request to response.',
    labelNames: ['operation', 'outcome'] as const,
    buckets: SECONDS,
    registers: [this.registry],
  });

  readonly cceCalls = new Counter({
    name: 'cce_requests_total',
    help: 'Calls to CCE by endpoint and HTTP status (or timeout / network).',
    labelNames: ['endpoint', 'status'] as const,
    registers: [this.registry],
  });

  readonly cceDuration = new Histogram({
    name: 'cce_request_duration_seconds',
    help: 'CCE call latency by endpoint.',
    labelNames: ['endpoint'] as const,
    buckets: SECONDS,
    registers: [this.registry],
  });

  readonly databaseDuration = new Histogram({
    name: 'mongodb_command_duration_seconds',
    help: 'Database command latency by command and outcome.',
    labelNames: ['command', 'outcome'] as const,
    buckets: SECONDS,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** Needs a client created with `monitorCommands: true`. */
  observeDatabase(client: MongoClient): void {
    client.on('commandSucceeded', (event) =>
      this.databaseDuration.observe(
        { command: event.commandName, outcome: 'success' },
        event.duration / 1000,
      ),
    );
    client.on('commandFailed', (event) =>
      this.databaseDuration.observe(
        { command: event.commandName, outcome: 'failure' },
        event.duration / 1000,
      ),
    );
  }
}
