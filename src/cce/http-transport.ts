import { BulkheadRejectedError, TaskCancelledError, bulkhead, type BulkheadPolicy } from 'cockatiel';
import { Agent, errors as undiciErrors, request } from 'undici';

export interface HttpTransportOptions {
  /** Deadline for one call, connection to last body byte (undici's own defaults are 300 s). */
  timeoutMs: number;
  /** Keep-alive connections per origin, and calls in flight at once. */
  maxConnections: number;
  /** Calls that may wait for a connection; more are refused at once (default 8 per connection). */
  maxWaiting?: number;
  keepAliveTimeoutMs?: number;
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT';
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface HttpResponse {
  status: number;
  body: string;
}

/**
 * `connect-failed`: no connection was made, so nothing was sent. `saturated`: every connection stayed
 * busy, so nothing was sent. `network`: lost after connecting.
 */
export type TransportFailure = 'timeout' | 'network' | 'connect-failed' | 'saturated';

/** Errors raised before a connection exists: the request cannot have reached CCE. */
const CONNECT_FAILURES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  // A closed pool refuses at dispatch, before a byte is written.
  'UND_ERR_CLOSED',
]);

export class HttpTransportError extends Error {
  constructor(
    readonly failure: TransportFailure,
    message: string,
  ) {
    super(message);
    this.name = 'HttpTransportError';
  }
}

/**
 * A keep-alive connection pool with a hard per-call deadline. At most `maxConnections` calls hold a
 * connection (a cockatiel bulkhead): the others wait here, not in undici's queue, so an attempt's
 * deadline starts when it is sent. A call that waits longer than `waitMs` (half a deadline) for a
 * connection is refused as `saturated`, and certainly was not sent: a burst of slow calls never turns
 * a later call's outcome into "unknown".
 */
export class HttpTransport {
  private readonly agent: Agent;
  private readonly slots: BulkheadPolicy;
  private closing = false;
  /** The longest a call waits for a connection. */
  readonly waitMs: number;

  constructor(private readonly options: HttpTransportOptions) {
    this.slots = bulkhead(options.maxConnections, options.maxWaiting ?? options.maxConnections * 8);
    this.waitMs = Math.max(1, Math.floor(options.timeoutMs / 2));
    this.agent = new Agent({
      connections: options.maxConnections,
      keepAliveTimeout: options.keepAliveTimeoutMs ?? 30_000,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      connect: { timeout: options.timeoutMs },
    });
  }

  /**
   * Runs `work` (its attempts, retries included) holding one connection slot, or refuses it as
   * `saturated` when none frees up within `waitMs`, or the transport is closing. Nothing of `work`
   * runs after a refusal.
   */
  async withConnection<T>(work: () => Promise<T>): Promise<T> {
    let gaveUp = false;
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        gaveUp = true;
        reject(new TaskCancelledError());
      }, this.waitMs);
    });
    // The signal is deliberately not given to the bulkhead: an aborted queued call would leave its
    // slot unused (cockatiel 3). A call that gave up runs through the normal path and fails at once.
    const running = this.slots.execute(() => {
      if (gaveUp || this.closing) return Promise.reject(new TaskCancelledError());
      clearTimeout(timer);
      return work();
    });
    running.catch(() => undefined);
    waited.catch(() => undefined);
    try {
      return await Promise.race([running, waited]);
    } catch (error) {
      if (error instanceof BulkheadRejectedError || error instanceof TaskCancelledError) {
        throw new HttpTransportError(
          'saturated',
          'every connection to CCE stayed busy; the call was not sent',
        );
      }
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /** One attempt, with its deadline; call it inside `withConnection`. */
  async send(httpRequest: HttpRequest): Promise<HttpResponse> {
    const deadline = AbortSignal.timeout(this.options.timeoutMs);
    try {
      const response = await request(httpRequest.url, {
        method: httpRequest.method,
        headers: httpRequest.headers,
        body: httpRequest.body,
        dispatcher: this.agent,
        signal: deadline,
      });
      return { status: response.statusCode, body: await response.body.text() };
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code !== undefined && CONNECT_FAILURES.has(code)) {
        throw new HttpTransportError('connect-failed', code);
      }
      if (deadline.aborted || isUndiciTimeout(error)) {
        throw new HttpTransportError('timeout', `no complete answer within ${this.options.timeoutMs} ms`);
      }
      throw new HttpTransportError('network', code ?? (error as Error).name ?? 'connection failed');
    }
  }

  /** Calls still waiting for a connection are refused (unsent); those in flight finish. */
  async close(): Promise<void> {
    this.closing = true;
    await this.agent.close();
  }
}

function isUndiciTimeout(error: unknown): boolean {
  return error instanceof undiciErrors.HeadersTimeoutError || error instanceof undiciErrors.BodyTimeoutError;
}
