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
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { GATEWAY_REQUEST_ID } from './span-attributes';

/** The ids of a request's operation span, for its log lines. */
export interface TraceIds {
  readonly traceId: string;
  readonly spanId: string;
}

const traceContext = new W3CTraceContextPropagator();

/**
 * Runs one GraphQL request (one operation: batching is off) inside its span, so the CCE and database spans
 * of its resolvers become its children. A router's W3C `traceparent` makes it a child of the router's
 * span. Called once the body is read, since the body stream's callbacks would lose the context. The
 * Apollo plugin names the span from the operation; it ends when the response is closed.
 *
 * Never records the URL: a GET request's query string carries the whole document and its variables.
 */
export function inOperationSpan<T>(
  tracer: Tracer,
  exchange: { request: IncomingMessage; response: ServerResponse; requestId: string },
  run: (traceIds: TraceIds | undefined) => Promise<T>,
): Promise<T> {
  const { request, response } = exchange;
  const method = request.method ?? 'GET';
  // Only the router's trace and span ids and sampled flag are taken: `tracestate` is free text a
  // caller writes (it could carry a card number) and would be copied onto every exported span.
  const parent = traceContext.extract(ROOT_CONTEXT, withoutTraceState(request.headers), defaultTextMapGetter);
  const span = tracer.startSpan(
    `${method} /graphql`,
    {
      kind: SpanKind.SERVER,
      attributes: {
        [ATTR_HTTP_REQUEST_METHOD]: method,
        [ATTR_HTTP_ROUTE]: '/graphql',
        [GATEWAY_REQUEST_ID]: exchange.requestId,
      },
    },
    parent,
  );
  const ids = span.spanContext();
  response.once('close', () => {
    span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, response.statusCode);
    if (response.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  });
  const traceIds = isSpanContextValid(ids) ? { traceId: ids.traceId, spanId: ids.spanId } : undefined;
  return context.with(trace.setSpan(parent, span), () => run(traceIds));
}

function withoutTraceState(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const { tracestate: _dropped, ...rest } = headers;
  return rest;
}
