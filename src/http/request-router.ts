import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { assignRequestId } from '../observability/request-id';
import type { GraphQLEndpoint } from './graphql-endpoint';
import { splitTarget } from './request-target';

/**
 * The server's one request listener: every request gets its id, `/graphql` goes to the GraphQL endpoint,
 * everything else (health, readiness, metrics, the JSON 404) to the Express app.
 */
export function routeRequests(graphql: GraphQLEndpoint, rest: RequestListener): RequestListener {
  return (request: IncomingMessage, response: ServerResponse) => {
    const requestId = assignRequestId(request, response);
    const { path, search } = splitTarget(request.url ?? '/');
    if (path === '/graphql') graphql(request, response, requestId, search);
    else rest(request, response);
  };
}
