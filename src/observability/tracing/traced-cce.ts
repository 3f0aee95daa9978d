import { SpanKind, SpanStatusCode, trace, type Span, type Tracer } from '@opentelemetry/api';
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_REQUEST_RESEND_COUNT,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
} from '@opentelemetry/semantic-conventions';
import { CceApiError, type CceEndpoint } from '../../cce/cce-errors';
import type { CceCallObserver, CcePort } from '../../cce/cce-port';
import type { IssuerConfiguration, UpdateUserProfile, UserProfile } from '../../cce/contract-types';
import { redactCardNumbers } from '../../security/redact-card-numbers';
import { CCE_ATTEMPTS, CCE_ENDPOINT, CCE_OUTCOME, CCE_REASON_CODE } from './span-attributes';

/**
 * Each endpoint's method and route template. Spans carry the template, never the real path: user
 * ids are in paths, and a dashboard's answer carries a bearer token, so neither URLs nor bodies
 * ever reach a span.
 */
const CCE_ROUTES: Readonly<Record<CceEndpoint, readonly [method: string, route: string]>> = {
  getIssuer: ['GET', '/issuers'],
  updateIssuer: ['PUT', '/issuers'],
  enrollUser: ['POST', '/issuers/users'],
  updateUser: ['PUT', '/issuers/users/{userid}'],
  getCarbonScore: ['GET', '/issuers/users/{userid}/aggregate-carbon-scores'],
  getDashboard: ['GET', '/issuers/users/{userid}/dashboards'],
  deleteUsers: ['POST', '/issuers/user-deletions'],
};

/** `url.template` is not in the stable conventions yet (its name is the incubating one). */
const URL_TEMPLATE = 'url.template';

/** Spans of this decorator, so that attempt reports annotate a CCE call and nothing else. */
const cceSpans = new WeakMap<Span, { attempts: number }>();

/**
 * The CcePort with a client span around every call: endpoint, method, route template, final HTTP
 * status, attempts and outcome. Traces never go to CCE: `traceparent` is not sent to a third party.
 */
export class TracedCce implements CcePort {
  constructor(
    private readonly inner: CcePort,
    private readonly tracer: Tracer,
  ) {}

  get callDeadlineMs(): number {
    return this.inner.callDeadlineMs;
  }

  get retriedCallMs(): number {
    return this.inner.retriedCallMs;
  }

  getIssuer() {
    return this.traced('getIssuer', () => this.inner.getIssuer());
  }

  updateIssuer(configuration: IssuerConfiguration) {
    return this.traced('updateIssuer', () => this.inner.updateIssuer(configuration));
  }

  enrollUser(profile: UserProfile) {
    return this.traced('enrollUser', () => this.inner.enrollUser(profile));
  }

  updateUser(userId: string, profile: UpdateUserProfile) {
    return this.traced('updateUser', () => this.inner.updateUser(userId, profile));
  }

  getCarbonScore(userId: string) {
    return this.traced('getCarbonScore', () => this.inner.getCarbonScore(userId));
  }

  getDashboard(userId: string, lang?: string) {
    return this.traced('getDashboard', () => this.inner.getDashboard(userId, lang));
  }

  deleteUsers(userIds: readonly string[]) {
    return this.traced('deleteUsers', () => this.inner.deleteUsers(userIds));
  }

  private traced<T>(endpoint: CceEndpoint, call: () => Promise<T>): Promise<T> {
    const [method, route] = CCE_ROUTES[endpoint];
    const attributes = {
      [CCE_ENDPOINT]: endpoint,
      [ATTR_HTTP_REQUEST_METHOD]: method,
      [URL_TEMPLATE]: route,
    };
    return this.tracer.startActiveSpan(
      `CCE ${method} ${route}`,
      { kind: SpanKind.CLIENT, attributes },
      async (span) => {
        const state = { attempts: 0 };
        cceSpans.set(span, state);
        try {
          const result = await call();
          span.setAttribute(CCE_OUTCOME, 'SUCCESS');
          return result;
        } catch (error) {
          recordFailure(span, error);
          throw error;
        } finally {
          span.setAttribute(CCE_ATTEMPTS, state.attempts);
          if (state.attempts > 1) span.setAttribute(ATTR_HTTP_REQUEST_RESEND_COUNT, state.attempts - 1);
          span.end();
        }
      },
    );
  }
}

/**
 * The client's observer (metrics), also reporting each HTTP attempt to the CCE span it belongs to: a
 * `cce.attempt` event with its status, and the last status on the span. The client calls it inside
 * the span's context, retries included.
 */
export function withAttemptSpans(observer: CceCallObserver): CceCallObserver {
  return {
    cceCallCompleted(endpoint, status, seconds) {
      observer.cceCallCompleted(endpoint, status, seconds);
      const span = trace.getActiveSpan();
      const state = span && cceSpans.get(span);
      // Neither an open breaker nor a busy pool sends anything: not an attempt.
      if (!span || !state || status === 'circuit_open' || status === 'saturated') return;
      state.attempts += 1;
      span.addEvent('cce.attempt', { 'cce.attempt.status': status, 'cce.attempt.seconds': seconds });
      const code = Number(status);
      if (Number.isInteger(code)) span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, code);
    },
    cceBreakerStateChanged: (endpoint, state) => observer.cceBreakerStateChanged(endpoint, state),
  };
}

/** The failure's kind and outcome; never its message, which may quote CCE's description. */
function recordFailure(span: Span, error: unknown): void {
  const outcome = (error as { outcome?: unknown }).outcome;
  span.setAttribute(CCE_OUTCOME, typeof outcome === 'string' ? outcome : 'UNKNOWN');
  const reason = (error as { reason?: unknown }).reason;
  const kind = error instanceof Error ? error.name : 'Error';
  span.setAttribute(ATTR_ERROR_TYPE, typeof reason === 'string' ? reason : kind);
  if (error instanceof CceApiError) span.setAttribute(CCE_REASON_CODE, redactCardNumbers(error.reasonCode));
  span.setStatus({ code: SpanStatusCode.ERROR, message: kind });
}
