import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';

/**
 * Express's own 404 page repeats the request path (`Cannot GET /2223…`), and its error handler
 * prints the error to stderr and, outside production, sends its stack: these answer without
 * echoing anything, and log errors through the masking logger.
 */
export function notFound(_request: Request, response: Response): void {
  response.status(404).json({ errors: [{ message: 'Not found', extensions: { code: 'NOT_FOUND' } }] });
}

export function unexpectedHttpError(logger: Logger) {
  return (error: unknown, _request: Request, response: Response, next: NextFunction): void => {
    if (response.headersSent) return next(error);
    logger.error({ err: error }, 'unexpected HTTP error');
    response.status(500).json({
      errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
    });
  };
}
