import {
  getNamedType,
  getOperationAST,
  getVariableValues,
  isLeafType,
  type DocumentNode,
  type GraphQLSchema,
} from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import { DEFAULT_PAGE_SIZE } from '../../users/user-page';
import { costKeyPart, costVariablesOf } from './cost-variables';

/** Distinct page sizes and switches of one document worth remembering; past that, costs are computed. */
const MAX_COSTS_PER_DOCUMENT = 64;

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
  // The arguments read here are COST_ARGUMENTS: a remembered cost is keyed by their variables.
  if (declared.some((arg) => arg.name === 'first')) {
    const first = args.first;
    return typeof first === 'number' && first > 0 ? first : DEFAULT_PAGE_SIZE;
  }
  if (Array.isArray(args.representations)) return Math.max(args.representations.length, 1);
  return 1;
}

/**
 * The cost of an operation with these variables. Apollo parses a query text once and hands every
 * request the same document, so the cost is remembered per document and per the values it depends on
 * (costVariablesOf): the variables are still coerced on every request, and refused when they do not
 * fit the operation, as when the cost is computed.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined,
  variables: Record<string, unknown> | undefined,
): number {
  const operation = getOperationAST(document, operationName);
  const coerced =
    operation && getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {});
  if (!coerced || coerced.errors) return computeCost(schema, document, operationName, variables);
  const known = remembered(document);
  const key = [
    operationName ?? '',
    ...known.variables.map((name) => costKeyPart(coerced.coerced[name])),
  ].join('\u0000');
  const cost = known.costs.get(key);
  if (cost !== undefined) return cost;
  const computed = computeCost(schema, document, operationName, variables);
  if (known.costs.size < MAX_COSTS_PER_DOCUMENT) known.costs.set(key, computed);
  return computed;
}

interface RememberedCosts {
  readonly variables: readonly string[];
  readonly costs: Map<string, number>;
}

// Keyed by the document object: an entry goes when Apollo's document cache lets the document go.
const rememberedCosts = new WeakMap<DocumentNode, RememberedCosts>();

function remembered(document: DocumentNode): RememberedCosts {
  let entry = rememberedCosts.get(document);
  if (!entry) {
    entry = { variables: costVariablesOf(document), costs: new Map() };
    rememberedCosts.set(document, entry);
  }
  return entry;
}

function computeCost(
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
