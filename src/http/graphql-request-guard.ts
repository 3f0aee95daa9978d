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
 * Checks a GraphQL request's text before Apollo parses it: a document of more than `maxTokens`
 * tokens is refused without building its syntax tree, and with trusted documents on, any text not
 * in the manifest is refused. Both answer in the GraphQL error shape with the one error mapping's code.
 */
export function graphqlRequestGuard(options: RequestGuardOptions) {
  return (request: Request, response: Response, next: NextFunction): void => {
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

/** The `query` of a POST body or GET request; undefined when there is none (Apollo answers that). */
function queryOf(request: Request): string | undefined {
  const body: unknown = request.body;
  if (request.method === 'POST' && typeof body === 'object' && body !== null && !Array.isArray(body)) {
    const query = (body as Record<string, unknown>).query;
    return typeof query === 'string' ? query : undefined;
  }
  const query = (request.query as Record<string, unknown> | undefined)?.query;
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
