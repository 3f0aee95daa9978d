import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type HTTPGraphQLResponse } from '@apollo/server';
import type { Tracer } from '@opentelemetry/api';
import express from 'express';
import type { Logger } from 'pino';
import type { GatewayContext } from '../graphql/context';
import { inOperationSpan, type TraceIds } from '../observability/tracing/operation-span';
import type { GraphQLExchange } from './graphql-exchange';
import { refusalOf, type RequestGuardOptions } from './graphql-request-guard';
import { answerForHttpError } from './http-error-handler';
import { writeJson } from './json-answer';

export interface GraphQLEndpointOptions {
  readonly apollo: ApolloServer<GatewayContext>;
  readonly createContext: (exchange: GraphQLExchange) => Promise<GatewayContext>;
  readonly maxBodyBytes: number;
  readonly guard: RequestGuardOptions;
  /** With tracing on, each request runs in its operation span. */
  readonly tracer?: Tracer;
  readonly logger: Logger;
}

/**
 * Serves one request to /graphql; `requestId` is already assigned and echoed, and `search` is the query
 * string the router split off the target (with its `?`, or '').
 */
export type GraphQLEndpoint = (
  request: IncomingMessage,
  response: ServerResponse,
  requestId: string,
  search: string,
) => void;

/**
 * `/graphql`, served straight from Node's request and response: the body read by Express's own JSON
 * parser (body-parser: the same size limit, charsets, content-encodings and errors as the rest of the app),
 * the guard, then Apollo. Express's router and response helpers stay out of the one path every operation
 * takes: 266 of 4191 profiled ms over 1800 users pages (BENCHMARKS.md, fourth round).
 */
export function graphqlEndpoint(options: GraphQLEndpointOptions): GraphQLEndpoint {
  const readBody = jsonBodyReader(options.maxBodyBytes);
  return (request, response, requestId, search) => {
    // Any failure, an unreadable body included, is answered here.
    serve(request, response, requestId, search).catch((error: unknown) => answerError(response, error));
  };

  async function serve(
    request: IncomingMessage,
    response: ServerResponse,
    requestId: string,
    search: string,
  ) {
    const method = (request.method ?? 'GET').toUpperCase();
    const body = await readBody(request, response);
    // Refusals are answered inside the span too, so a refused operation still leaves a trace.
    const answer = async (traceIds: TraceIds | undefined): Promise<void> => {
      const refusal = refusalOf({ method, search, body }, options.guard);
      if (refusal) return writeJson(response, refusal);
      const result = await options.apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method, headers: headerMapOf(request), search, body },
        context: () => options.createContext({ request, response, requestId, traceIds }),
      });
      await writeAnswer(response, result);
    };
    await (options.tracer
      ? inOperationSpan(options.tracer, { request, response, requestId }, answer)
      : answer(undefined));
  }

  /** The JSON error answer; a response already under way is cut, and nothing here may throw. */
  function answerError(response: ServerResponse, error: unknown): void {
    try {
      if (response.headersSent) response.destroy();
      else writeJson(response, answerForHttpError(error, options.logger));
    } catch {
      response.destroy();
    }
  }
}

function jsonBodyReader(limit: number) {
  const parse = express.json({ limit });
  return (request: IncomingMessage, response: ServerResponse): Promise<unknown> =>
    new Promise((resolve, reject) => {
      parse(request, response, (error?: unknown) =>
        error === undefined ? resolve((request as { body?: unknown }).body) : reject(error),
      );
    });
}

/**
 * Apollo's landing page comes as bare `text/html`: a browser would then guess its encoding from the
 * bytes, and an HTML page must never be left to a guess. It is UTF-8, like every answer here.
 */
function withCharset(name: string, value: string): string {
  return name.toLowerCase() === 'content-type' && value === 'text/html' ? 'text/html; charset=utf-8' : value;
}

function headerMapOf(request: IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}

async function writeAnswer(response: ServerResponse, answer: HTTPGraphQLResponse): Promise<void> {
  for (const [name, value] of answer.headers) response.setHeader(name, withCharset(name, value));
  response.statusCode = answer.status ?? 200;
  if (answer.body.kind === 'complete') {
    response.setHeader('content-length', Buffer.byteLength(answer.body.string));
    response.end(answer.body.string);
    return;
  }
  // Apollo answers in chunks only for incremental delivery (@defer, graphql 17): written as it comes.
  for await (const chunk of answer.body.asyncIterator) response.write(chunk);
  response.end();
}
