import type { NextFunction, Request, Response } from 'express';
import { Lexer, Source, TokenKind } from 'graphql';
import { QueryLimitError, UntrustedOperationError } from '../limits/limit-errors';
import type { TrustedDocuments } from '../limits/trusted-documents';
import { mapError } from '../graphql/error-mapping';

export interface RequestGuardOptions {
  readonly maxTokens: number;
  /** When set, only these documents are served. */
  readonly trustedDocuments: TrustedDocuments | undefined;
}

/**
 * Checks a GraphQL request before Apollo parses it: operations come by POST only, a document of more than `maxTokens`
 * tokens is refused without building its syntax tree, and with trusted documents on, any text not
 * in the manifest is refused. Both answer in the GraphQL error shape with the one error mapping's code.
 */
export function graphqlRequestGuard(options: RequestGuardOptions) {
  return (request: Request, response: Response, next: NextFunction): void => {
    if (request.method !== 'POST' && request.originalUrl.includes('?')) {
      // Operations over GET would put variables (an email filter) in URL logs, and Express and Apollo
      // read query strings differently (Express keeps the first 1000 parameters): POST only.
      response
        .status(405)
        .set('allow', 'POST')
        .json({
          errors: [
            { message: 'Send GraphQL operations with POST', extensions: { code: 'METHOD_NOT_ALLOWED' } },
          ],
        });
      return;
    }
    const query = queryOf(request);
    if (query === undefined) return next();
    let refusal: Error | undefined;
    if (countTokens(query, options.maxTokens) > options.maxTokens) {
      refusal = new QueryLimitError('tokens', options.maxTokens);
    } else if (options.trustedDocuments && !options.trustedDocuments.has(query)) {
      refusal = new UntrustedOperationError();
    }
    if (!refusal) return next();
    const mapped = mapError(refusal)!;
    response.status(mapped.http?.status ?? 400).json({
      errors: [{ message: mapped.message, extensions: { code: mapped.code, ...mapped.extensions } }],
    });
  };
}

/** The `query` of a POST body; undefined when there is none (Apollo answers that). */
function queryOf(request: Request): string | undefined {
  const body: unknown = request.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const query = (body as Record<string, unknown>).query;
  return typeof query === 'string' ? query : undefined;
}

/** Counts tokens, stopping one past the limit; text the lexer rejects is left to Apollo's parser. */
function countTokens(query: string, limit: number): number {
  const lexer = new Lexer(new Source(query));
  let count = 0;
  try {
    while (count <= limit && lexer.advance().kind !== TokenKind.EOF) count += 1;
  } catch {
    // A syntax error: Apollo reports it as GRAPHQL_PARSE_FAILED.
  }
  return count;
}
