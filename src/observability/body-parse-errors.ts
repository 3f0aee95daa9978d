import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';

/**
 * Answers a request body that cannot be parsed. Express's default handler would print the error
 * with the raw body (a card number, say) to stderr and send a stack trace; this one logs only the
 * error's type and answers a GraphQL-shaped 400.
 */
export function bodyParseErrorHandler(logger: Logger) {
  return (error: unknown, _request: Request, response: Response, next: NextFunction): void => {
    const parseError = error as { type?: string; status?: number };
    if (typeof parseError.type !== 'string' || typeof parseError.status !== 'number') return next(error);
    logger.warn({ type: parseError.type, status: parseError.status }, 'unreadable request body');
    response.status(parseError.status).json({
      errors: [{ message: 'The request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }],
    });
  };
}
