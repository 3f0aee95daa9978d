import { Agent, errors as undiciErrors, request } from 'undici';

export interface HttpTransportOptions {
  /** Deadline for one call, connection to last body byte (undici's own defaults are 300 s). */
  timeoutMs: number;
  /** Keep-alive connections per origin. */
  maxConnections: number;
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

/** `connect-failed`: no connection was made, so nothing was sent. `network`: lost after connecting. */
export type TransportFailure = 'timeout' | 'network' | 'connect-failed';

/** Errors raised before a connection exists: the request cannot have reached CCE. */
const CONNECT_FAILURES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
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

/** A keep-alive connection pool with a hard per-call deadline. */
export class HttpTransport {
  private readonly agent: Agent;

  constructor(private readonly options: HttpTransportOptions) {
    this.agent = new Agent({
      connections: options.maxConnections,
      keepAliveTimeout: options.keepAliveTimeoutMs ?? 30_000,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      connect: { timeout: options.timeoutMs },
    });
  }

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

  async close(): Promise<void> {
    await this.agent.close();
  }
}

function isUndiciTimeout(error: unknown): boolean {
  return error instanceof undiciErrors.HeadersTimeoutError || error instanceof undiciErrors.BodyTimeoutError;
}
