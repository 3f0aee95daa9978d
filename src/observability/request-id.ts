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
 * A new random id that the card-number masker leaves whole: a UUID's digits can by chance run across its
 * dashes into a card-number shape (`…12-3456-7890-…`), and the logs would then show the id masked, so
 * nobody could follow it. About one UUID in 30 does (`431c2339-1070-4765-…`); another is drawn.
 */
export function newRequestId(generate: () => string = randomUUID): string {
  for (;;) {
    const id = generate();
    if (redactCardNumbers(id) === id) return id;
  }
}

/**
 * Every request gets an id: the caller's `x-request-id` when it is acceptable (so ids can be
 * followed across services), a new UUID otherwise. It is echoed in the response and in every log line.
 */
export function assignRequestId(request: IncomingMessage, response: ServerResponse): string {
  const header = request.headers['x-request-id'];
  const offered = typeof header === 'string' ? header : undefined;
  const requestId = isAcceptableRequestId(offered) ? offered : newRequestId();
  response.setHeader('x-request-id', requestId);
  return requestId;
}
