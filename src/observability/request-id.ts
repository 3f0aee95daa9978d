import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { redactCardNumbers } from '../security/redact-card-numbers';

const SAFE_TOKEN = /^[\w.-]{1,64}$/;

/**
 * The caller's id is kept only when it is a plain token that nothing would mask: a card number sent
 * as a request id would otherwise be echoed in the response and written into every log line.
 */
export function isAcceptableRequestId(offered: string | undefined): offered is string {
  return offered !== undefined && SAFE_TOKEN.test(offered) && redactCardNumbers(offered) === offered;
}

/**
 * Every request gets an id: the caller's `x-request-id` when it is acceptable (so ids can be
 * followed across services), a new UUID otherwise. It is echoed in the response and in every log line.
 */
export function assignRequestId(request: IncomingMessage, response: ServerResponse): string {
  const offered = request.headers['x-request-id'];
  const requestId = isAcceptableRequestId(typeof offered === 'string' ? offered : undefined)
    ? (offered as string)
    : randomUUID();
  response.setHeader('x-request-id', requestId);
  return requestId;
}
