import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ApolloServerPlugin } from '@apollo/server';
import type { OperationCheck } from '../operation-checks-plugin';
import { Kind, type ValidationContext, type ValidationRule } from 'graphql';
import type { QueryLimits } from '../../config/limits-config';
import { toGraphQLError } from '../error-mapping';
import { QueryLimitError, type QueryLimitName } from '../../limits/limit-errors';
import { InvalidInputError } from '../../users/user-errors';
import { operationCost } from './operation-cost';

/**
 * The static limits, checked while the document is validated (nothing has executed): depth,
 * aliases and directives by graphql-armor, and one root field per mutation. A refusal carries a
 * QueryLimitError, which the error mapping answers as QUERY_LIMIT_EXCEEDED naming the limit.
 */
export function queryLimitProtection(limits: QueryLimits): {
  plugins: ApolloServerPlugin[];
  validationRules: ValidationRule[];
} {
  const rejectWith = (limit: QueryLimitName, maximum: number) => (context: ValidationContext | null) =>
    context?.reportError(toGraphQLError(new QueryLimitError(limit, maximum)));
  const armored = (limit: QueryLimitName, n: number) => ({
    n,
    propagateOnRejection: false,
    onReject: [rejectWith(limit, n)],
  });
  const armor = new ApolloArmor({
    maxDepth: { ...armored('depth', limits.maxDepth), flattenFragments: true },
    maxAliases: armored('aliases', limits.maxAliases),
    maxDirectives: armored('directives', limits.maxDirectives),
    // Tokens are counted before Apollo parses (request-guard.ts); cost needs the variables (below).
    maxTokens: { enabled: false },
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: true },
  }).protect();
  return {
    plugins: armor.plugins,
    validationRules: [...armor.validationRules, singleRootFieldPerMutation],
  };
}

/**
 * A mutation does one thing: fifty aliased enrollUser fields in one request would be fifty signed
 * CCE calls behind one rate-limit decision.
 */
const singleRootFieldPerMutation: ValidationRule = (context: ValidationContext) => ({
  OperationDefinition(operation) {
    if (operation.operation !== 'mutation') return;
    const selections = operation.selectionSet.selections;
    if (selections.length !== 1 || selections[0]!.kind !== Kind.FIELD) {
      context.reportError(toGraphQLError(new QueryLimitError('rootFields', 1)));
    }
  },
});

/** The cost limit, once the operation and its variables are known and before it executes. */
export function costLimitCheck(maxCost: number): OperationCheck {
  return ({ schema, document, operationName, request }) => {
    let cost: number;
    try {
      cost = operationCost(schema, document, operationName ?? undefined, request.variables);
    } catch {
      // Variables that do not fit the operation cannot be costed: refused (without echoing them).
      throw toGraphQLError(
        new InvalidInputError([{ path: 'variables', message: 'do not match the operation' }]),
      );
    }
    if (cost > maxCost) throw toGraphQLError(new QueryLimitError('cost', maxCost));
  };
}
