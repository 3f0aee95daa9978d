import { Lexer, Source, TokenKind } from 'graphql';
import { QueryLimitError, UntrustedOperationError } from '../limits/limit-errors';
import type { TrustedDocuments } from '../limits/trusted-documents';
import { mapError } from '../graphql/error-mapping';
import { graphqlErrorBody, type JsonAnswer } from './json-answer';

export interface RequestGuardOptions {
  readonly maxTokens: number;
  /** When set, only these documents are served. */
  readonly trustedDocuments: TrustedDocuments | undefined;
}

/** The part of a GraphQL HTTP request the guard reads. */
export interface GuardedRequest {
  readonly method: string;
  /** The URL's query string with its `?`, or '' when there is none. */
  readonly search: string;
  /** The parsed JSON body; undefined without one. */
  readonly body: unknown;
}

/**
 * Checks a GraphQL request before Apollo parses it: operations come by POST only, a document of more than
 * `maxTokens` tokens is refused without building its syntax tree, and with trusted documents on, any text
 * not in the manifest is refused. Returns the answer to give instead (in the GraphQL error shape, with the
 * one error mapping's code), or undefined to let Apollo serve the request.
 */
export function refusalOf(request: GuardedRequest, options: RequestGuardOptions): JsonAnswer | undefined {
  if (request.method !== 'POST' && request.search !== '') {
    // Operations over GET would put variables (an email filter) in URL logs, and a query string can be
    // read in more than one way: POST only.
    return {
      status: 405,
      headers: { allow: 'POST' },
      body: graphqlErrorBody('Send GraphQL operations with POST', 'METHOD_NOT_ALLOWED'),
    };
  }
  const query = queryOf(request.body);
  if (query === undefined) return undefined;
  let refusal: Error | undefined;
  if (countTokens(query, options.maxTokens) > options.maxTokens) {
    refusal = new QueryLimitError('tokens', options.maxTokens);
  } else if (options.trustedDocuments && !options.trustedDocuments.has(query)) {
    refusal = new UntrustedOperationError();
  }
  if (!refusal) return undefined;
  const mapped = mapError(refusal)!;
  return {
    status: mapped.http?.status ?? 400,
    ...(mapped.http?.headers ? { headers: mapped.http.headers } : {}),
    body: graphqlErrorBody(mapped.message, mapped.code, mapped.extensions),
  };
}

/** The `query` of a POST body; undefined when there is none (Apollo answers that). */
function queryOf(body: unknown): string | undefined {
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
