import { GraphQLError, type ValidationRule } from 'graphql';

/**
 * A subgraph's `_service { sdl }` is the whole schema: served only where introspection is on, so that
 * turning introspection off in production also holds in subgraph mode (routers compose from the
 * committed schema/subgraph.graphql, not from a live subgraph).
 */
export const noServiceSdlRule: ValidationRule = (context) => ({
  Field(node) {
    if (node.name.value === '_service' && context.getParentType()?.name === 'Query') {
      context.reportError(
        new GraphQLError('_service is served only with GRAPHQL_INTROSPECTION=true', { nodes: [node] }),
      );
    }
  },
});
