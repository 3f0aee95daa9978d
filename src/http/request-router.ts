import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { assignRequestId } from '../observability/request-id';
import type { GraphQLEndpoint } from './graphql-endpoint';

/**
 * The server's one request listener: every request gets its id, `/graphql` goes to the GraphQL endpoint,
 * everything else (health, readiness, metrics, the JSON 404) to the Express app.
 */
export function routeRequests(graphql: GraphQLEndpoint, rest: RequestListener): RequestListener {
  return (request: IncomingMessage, response: ServerResponse) => {
    const requestId = assignRequestId(request, response);
    if (pathOf(request.url ?? '/') === '/graphql') graphql(request, response, requestId);
    else rest(request, response);
  };
}

function pathOf(url: string): string {
  const end = url.search(/[?#]/);
  return end < 0 ? url : url.slice(0, end);
}
