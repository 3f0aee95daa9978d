import type { ApolloServerPlugin, GraphQLRequestContextDidResolveOperation } from '@apollo/server';
import type { GatewayContext } from './context';

/** A check on a resolved operation, before it executes; it refuses by throwing a GraphQLError. */
export type OperationCheck = (
  request: GraphQLRequestContextDidResolveOperation<GatewayContext>,
) => Promise<void> | void;

/**
 * Runs the checks one after another, cheapest first: Apollo runs plugins' didResolveOperation hooks
 * together, and an operation refused for its cost must not also spend the caller's rate budget.
 */
export function operationChecksPlugin(checks: readonly OperationCheck[]): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation(request) {
          for (const check of checks) await check(request);
        },
      };
    },
  };
}
