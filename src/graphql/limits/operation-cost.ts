import { getNamedType, isLeafType, type GraphQLSchema, type DocumentNode } from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import { DEFAULT_PAGE_SIZE } from '../../users/user-page';

/**
 * Fields that may call CCE for every row they appear on: a page of them is a burst of signed calls
 * (a carbon score may come from the cache; a dashboard never does). By parent type and field name, so
 * the weights hold in the subgraph schema too.
 */
export const CCE_FIELD_COSTS: Readonly<Record<string, number>> = {
  'User.carbonScore': 10,
  'User.dashboard': 50,
};

/**
 * graphql-armor's weights (an object 2, a scalar 1) plus CCE_FIELD_COSTS, with what a field's
 * arguments multiply: a connection's `first` repeats its whole selection per row, and a router's
 * `_entities` per representation. Introspection costs nothing here (it is off in production and has
 * no pages).
 */
export const pageWeightedEstimator: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  if (field.name.startsWith('__')) return 0;
  const own =
    (isLeafType(getNamedType(field.type)) ? 1 : 2) + (CCE_FIELD_COSTS[`${type.name}.${field.name}`] ?? 0);
  return (own + childComplexity) * rowsOf(field.args, args);
};

function rowsOf(declared: readonly { name: string }[], args: Record<string, unknown>): number {
  // A page without `first` (or with a variable left unset) still serves DEFAULT_PAGE_SIZE rows.
  if (declared.some((arg) => arg.name === 'first')) {
    const first = args.first;
    return typeof first === 'number' && first > 0 ? first : DEFAULT_PAGE_SIZE;
  }
  if (Array.isArray(args.representations)) return Math.max(args.representations.length, 1);
  return 1;
}

export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined,
  variables: Record<string, unknown> | undefined,
): number {
  return getComplexity({
    schema,
    query: document,
    estimators: [pageWeightedEstimator],
    ...(operationName === undefined ? {} : { operationName }),
    ...(variables === undefined ? {} : { variables }),
  });
}
