import type { MongoClient } from 'mongodb';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { CceEndpoint } from '../cce/cce-errors';
import type { CceBreakerState, CceCallObserver } from '../cce/cce-port';
import type { EnrollmentEvents, JournalState } from '../users/enrollment-events';

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

const BREAKER_STATE_VALUES: Record<CceBreakerState, number> = { closed: 0, 'half-open': 1, open: 2 };

/** The gateway's Prometheus metrics, in a registry of its own (served at /metrics). */
export class GatewayMetrics implements CceCallObserver, EnrollmentEvents {
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
    help: 'Calls to CCE by endpoint and HTTP status (or timeout, network, connect-failed, circuit_open).',
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

  readonly cceBreakerState = new Gauge({
    name: 'cce_circuit_breaker_state',
    help: 'Circuit breaker per CCE endpoint: 0 closed, 1 half-open, 2 open (calls refused, NOT_SENT).',
    labelNames: ['endpoint'] as const,
    registers: [this.registry],
  });

  readonly outcomesUnknown = new Counter({
    name: 'enrollment_outcome_unknown_total',
    help: 'Enrollment intents that became OUTCOME_UNKNOWN (CCE may have enrolled), by source (request or sweep).',
    labelNames: ['source'] as const,
    registers: [this.registry],
  });

  readonly unknownOutcomesWaitingGauge = new Gauge({
    name: 'enrollment_outcome_unknown_intents',
    help: 'OUTCOME_UNKNOWN intents waiting for an operator (npm run outcomes -- list), as of the last maintenance run.',
    registers: [this.registry],
  });

  readonly journalEntries = new Gauge({
    name: 'enrollment_journal_entries',
    help: "This instance's completion journal, as of the last maintenance run: pending (waiting for the database), dead_letter and corrupt (waiting for an operator).",
    labelNames: ['state'] as const,
    registers: [this.registry],
  });

  readonly journalAppendFailures = new Counter({
    name: 'enrollment_journal_append_failures_total',
    help: 'Completions CCE accepted that could not be journaled (the database write was then their only record).',
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

  cceCallCompleted(endpoint: CceEndpoint, status: string, seconds: number): void {
    this.cceCalls.inc({ endpoint, status });
    if (status !== 'circuit_open') this.cceDuration.observe({ endpoint }, seconds);
  }

  cceBreakerStateChanged(endpoint: CceEndpoint, state: CceBreakerState): void {
    this.cceBreakerState.set({ endpoint }, BREAKER_STATE_VALUES[state]);
  }

  outcomeUnknown(source: 'request' | 'sweep', count: number): void {
    this.outcomesUnknown.inc({ source }, count);
  }

  unknownOutcomesWaiting(count: number): void {
    this.unknownOutcomesWaitingGauge.set(count);
  }

  journalState(state: JournalState): void {
    this.journalEntries.set({ state: 'pending' }, state.pending);
    this.journalEntries.set({ state: 'dead_letter' }, state.deadLetters);
    this.journalEntries.set({ state: 'corrupt' }, state.corruptLines);
  }

  journalAppendFailed(): void {
    this.journalAppendFailures.inc();
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
