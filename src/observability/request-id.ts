import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

const ACCEPTED_REQUEST_ID = /^[\w.-]{1,64}$/;

/**
 * Every request gets an id: the caller's `x-request-id` when it is a plain token (so ids can be
 * followed across services), a new UUID otherwise. It is echoed in the response and in every log line.
 */
export function assignRequestId(request: Request, response: Response, next: NextFunction): void {
  const offered = request.header('x-request-id');
  const requestId = offered && ACCEPTED_REQUEST_ID.test(offered) ? offered : randomUUID();
  response.locals.requestId = requestId;
  response.setHeader('x-request-id', requestId);
  next();
}

export function requestIdOf(response: Response): string {
  return response.locals.requestId as string;
}
