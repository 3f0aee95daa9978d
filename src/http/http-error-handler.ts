import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { graphqlErrorBody, writeJson, type JsonAnswer } from './json-answer';

/** What a client is told about a request body the server could not read (body-parser's error types). */
const BODY_ERRORS: Readonly<Record<string, { status: number; message: string }>> = {
  'entity.too.large': { status: 413, message: 'The request body is larger than this server accepts' },
  'encoding.unsupported': {
    status: 415,
    message: 'Unsupported content-encoding: send identity, gzip, deflate or br',
  },
  'charset.unsupported': { status: 415, message: 'Unsupported charset: send UTF-8 JSON' },
  'entity.parse.failed': { status: 400, message: 'The request body is not valid JSON' },
  'request.aborted': { status: 400, message: 'The request body ended early' },
  'request.size.invalid': { status: 400, message: 'The request body does not match its content-length' },
};

/**
 * Every error of the HTTP layer answers JSON in the GraphQL error shape, never Express's HTML page with
 * a stack trace, and is logged through pino (only its type: a body that failed to parse may hold a card
 * number).
 */
export function answerForHttpError(error: unknown, logger: Logger): JsonAnswer {
  const { type, status } = error as { type?: unknown; status?: unknown };
  const known = typeof type === 'string' ? BODY_ERRORS[type] : undefined;
  const clientError = typeof status === 'number' && status >= 400 && status < 500;
  const answer = known ?? (clientError ? { status, message: 'The request could not be read' } : undefined);
  if (answer) {
    logger.warn(
      { type: typeof type === 'string' ? type : 'unknown', status: answer.status },
      'unreadable request body',
    );
    return { status: answer.status, body: graphqlErrorBody(answer.message, 'BAD_REQUEST') };
  }
  logger.error({ err: error }, 'unexpected HTTP error');
  return { status: 500, body: graphqlErrorBody('Internal server error', 'INTERNAL_SERVER_ERROR') };
}

/** The last handler of the Express app (every path but /graphql). */
export function httpErrorHandler(logger: Logger) {
  return (error: unknown, _request: Request, response: Response, next: NextFunction): void => {
    if (response.headersSent) return next(error);
    writeJson(response, answerForHttpError(error, logger));
  };
}

/** Unknown paths answer JSON 404, not Express's HTML page. */
export function notFoundHandler(_request: Request, response: Response): void {
  writeJson(response, { status: 404, body: graphqlErrorBody('Not found', 'NOT_FOUND') });
}
