import {
  BrokenCircuitError,
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  circuitBreaker,
  handleWhen,
  retry,
  type CircuitBreakerPolicy,
} from 'cockatiel';
import { CCE_ENDPOINTS, CceUnavailableError, isUpstreamFailure, type CceEndpoint } from './cce-errors';
import type { CceBreakerState, CceCallObserver } from './cce-port';

export interface CceResilienceSettings {
  /** Consecutive upstream failures (5xx, timeouts, lost connections) that open an endpoint's breaker. */
  breakerFailures: number;
  /** How long an open breaker refuses calls before it lets one through to test CCE. */
  breakerHalfOpenAfterMs: number;
  /** Extra attempts for the idempotent endpoints (all but enrollment, which gets none). */
  retryAttempts: number;
  /** First retry delay; later ones grow exponentially with decorrelated jitter. */
  retryInitialDelayMs: number;
  retryMaxDelayMs: number;
}

export const DEFAULT_CCE_RESILIENCE: CceResilienceSettings = Object.freeze({
  breakerFailures: 5,
  breakerHalfOpenAfterMs: 30_000,
  retryAttempts: 2,
  retryInitialDelayMs: 100,
  retryMaxDelayMs: 2_000,
});

/** Retrying these cannot do anything twice at CCE: reads, replacements (PUT) and deletions. */
const IDEMPOTENT: ReadonlySet<CceEndpoint> = new Set(
  CCE_ENDPOINTS.filter((endpoint) => endpoint !== 'enrollUser'),
);

const STATE_NAMES: Record<CircuitState, CceBreakerState> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Open]: 'open',
  [CircuitState.Isolated]: 'open',
};

/**
 * A circuit breaker per CCE endpoint (cockatiel), so a failing deletion endpoint does not stop
 * enrollments, and retries with backoff and jitter for the idempotent endpoints only. An open
 * breaker fails at once with CceUnavailableError('circuit-open'), whose outcome is NOT_SENT.
 */
export class CceResilience {
  private readonly breakers = new Map<CceEndpoint, CircuitBreakerPolicy>();
  private readonly runners = new Map<CceEndpoint, <T>(call: () => Promise<T>) => Promise<T>>();

  constructor(settings: CceResilienceSettings, observer?: CceCallObserver) {
    // A timed-out attempt already spent a whole deadline: retrying it could outlive the request that
    // made the call. Fast failures (5xx, lost connections) are retried.
    const retries = retry(
      handleWhen((error) => isUpstreamFailure(error) && !isTimeout(error)),
      {
        maxAttempts: settings.retryAttempts,
        backoff: new ExponentialBackoff({
          initialDelay: settings.retryInitialDelayMs,
          maxDelay: settings.retryMaxDelayMs,
        }),
      },
    );
    for (const endpoint of CCE_ENDPOINTS) {
      const breaker = circuitBreaker(
        handleWhen((error) => isUpstreamFailure(error)),
        {
          halfOpenAfter: settings.breakerHalfOpenAfterMs,
          breaker: new ConsecutiveBreaker(settings.breakerFailures),
        },
      );
      breaker.onStateChange((state) => observer?.cceBreakerStateChanged(endpoint, STATE_NAMES[state]));
      observer?.cceBreakerStateChanged(endpoint, 'closed');
      this.breakers.set(endpoint, breaker);
      // The retry sits outside the breaker: every attempt counts, and an opening breaker ends the retries.
      this.runners.set(endpoint, (call) =>
        IDEMPOTENT.has(endpoint) && settings.retryAttempts > 0
          ? retries.execute(() => breaker.execute(call))
          : breaker.execute(call),
      );
    }
  }

  async run<T>(endpoint: CceEndpoint, call: () => Promise<T>): Promise<T> {
    // One attempt whose outcome is unknown makes the whole call's outcome unknown, whatever the
    // later attempts said (e.g. a timed-out deletion retried into an open breaker: CCE may have deleted).
    let uncertain: unknown;
    const remembered = async () => {
      try {
        return await call();
      } catch (error) {
        if ((error as { outcome?: string }).outcome === 'UNKNOWN') uncertain = error;
        throw error;
      }
    };
    try {
      return await this.runners.get(endpoint)!(remembered);
    } catch (error) {
      if (uncertain !== undefined) throw uncertain;
      if (error instanceof BrokenCircuitError) {
        throw new CceUnavailableError(
          endpoint,
          'circuit-open',
          'the circuit breaker is open; CCE was not called',
        );
      }
      throw error;
    }
  }

  state(endpoint: CceEndpoint): CceBreakerState {
    return STATE_NAMES[this.breakers.get(endpoint)!.state];
  }
}

function isTimeout(error: unknown): boolean {
  return error instanceof CceUnavailableError && error.reason === 'timeout';
}
