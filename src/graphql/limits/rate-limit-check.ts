import { Kind, type OperationDefinitionNode } from 'graphql';
import { callerKey } from '../../auth/caller';
import type { Budget, CallerRateLimiter } from '../../limits/rate-limiter';
import { toGraphQLError } from '../error-mapping';
import type { OperationCheck } from '../operation-checks-plugin';

/** Mutations that spend a budget of their own; any other mutation spends the enrollments budget. */
const MUTATION_BUDGETS: Readonly<Record<string, Budget>> = {
  enrollUser: 'enrollments',
  updateUser: 'updates',
  updateIssuer: 'updates',
  deleteUsers: 'deletions',
};

/**
 * Spends the caller's budget once the operation is known and before it executes: enrollments and
 * deletions have budgets of their own (each is a signed CCE call), everything else is a query.
 */
export function rateLimitCheck(limiter: CallerRateLimiter): OperationCheck {
  return async ({ operation, contextValue }) => {
    try {
      await limiter.consume(budgetOf(operation), callerKey(contextValue.caller));
    } catch (error) {
      throw toGraphQLError(error as Error);
    }
  };
}

function budgetOf(operation: OperationDefinitionNode | undefined): Budget {
  if (operation?.operation !== 'mutation') return 'queries';
  // Validation allows exactly one root field per mutation.
  const [root] = operation.selectionSet.selections;
  return (root?.kind === Kind.FIELD && MUTATION_BUDGETS[root.name.value]) || 'enrollments';
}
