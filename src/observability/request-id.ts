import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
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
export function assignRequestId(request: Request, response: Response, next: NextFunction): void {
  const offered = request.header('x-request-id');
  const requestId = isAcceptableRequestId(offered) ? offered : randomUUID();
  response.locals.requestId = requestId;
  response.setHeader('x-request-id', requestId);
  next();
}

export function requestIdOf(response: Response): string {
  return response.locals.requestId as string;
}
