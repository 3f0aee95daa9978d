import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TraceIds } from '../observability/tracing/operation-span';

/** One GraphQL HTTP request, as the context factory receives it: Node's own objects, no framework's. */
export interface GraphQLExchange {
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
  readonly requestId: string;
  /** The ids of the request's span; undefined with tracing off. */
  readonly traceIds: TraceIds | undefined;
}
