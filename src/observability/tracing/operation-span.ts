import {
  context,
  defaultTextMapGetter,
  isSpanContextValid,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Tracer,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
} from '@opentelemetry/semantic-conventions';
import type { NextFunction, Request, Response } from 'express';
import { requestIdOf } from '../request-id';
import { GATEWAY_REQUEST_ID } from './span-attributes';

/** The ids of a request's operation span, for its log lines. */
export interface TraceIds {
  readonly traceId: string;
  readonly spanId: string;
}

const traceContext = new W3CTraceContextPropagator();

/**
 * Starts the span of one GraphQL request (one operation: batching is off) and runs the rest of the
 * request inside it, so the CCE and database spans of its resolvers become its children. A router's
 * W3C `traceparent` makes it a child of the router's span. Mounted after the body parser, whose
 * stream callbacks would otherwise lose the context. The Apollo plugin names it from the operation.
 *
 * Never records the URL: a GET request's query string carries the whole document and its variables.
 */
export function operationSpanMiddleware(tracer: Tracer) {
  return (request: Request, response: Response, next: NextFunction): void => {
    // Only the router's trace and span ids and sampled flag are taken: `tracestate` is free text a
    // caller writes (it could carry a card number) and would be copied onto every exported span.
    const parent = traceContext.extract(
      ROOT_CONTEXT,
      withoutTraceState(request.headers),
      defaultTextMapGetter,
    );
    const span = tracer.startSpan(
      `${request.method} /graphql`,
      {
        kind: SpanKind.SERVER,
        attributes: {
          [ATTR_HTTP_REQUEST_METHOD]: request.method,
          [ATTR_HTTP_ROUTE]: '/graphql',
          [GATEWAY_REQUEST_ID]: requestIdOf(response),
        },
      },
      parent,
    );
    const ids = span.spanContext();
    if (isSpanContextValid(ids)) response.locals.traceIds = { traceId: ids.traceId, spanId: ids.spanId };
    response.once('close', () => {
      span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, response.statusCode);
      if (response.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    context.with(trace.setSpan(parent, span), next);
  };
}

/** The trace and span ids of this request's operation span; undefined when tracing is off. */
export function traceIdsOf(response: Response): TraceIds | undefined {
  return response.locals.traceIds as TraceIds | undefined;
}

function withoutTraceState(headers: Request['headers']): Request['headers'] {
  const { tracestate: _dropped, ...rest } = headers;
  return rest;
}
