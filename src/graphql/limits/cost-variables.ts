import { Kind, visit, type DocumentNode } from 'graphql';

/**
 * Field arguments the cost estimator reads (see pageWeightedEstimator): a page's size and a
 * router's `_entities` representations. Everything else that changes a cost is in the document.
 */
export const COST_ARGUMENTS: ReadonlySet<string> = new Set(['first', 'representations']);

/**
 * The variables an operation's cost depends on: those passed whole to a cost argument, or to a
 * directive (@include and @skip decide which fields are counted). Any other variable (an enrollment's
 * input, a filter) changes what is fetched, not how much, so it never needs to be part of a cost's key.
 */
export function costVariablesOf(document: DocumentNode): readonly string[] {
  const names = new Set<string>();
  let directiveDepth = 0;
  visit(document, {
    Directive: {
      enter: () => void (directiveDepth += 1),
      leave: () => void (directiveDepth -= 1),
    },
    Argument(node) {
      const counts = directiveDepth > 0 || COST_ARGUMENTS.has(node.name.value);
      if (counts && node.value.kind === Kind.VARIABLE) names.add(node.value.name.value);
    },
  });
  return [...names].sort();
}

/**
 * What a cost key keeps of a variable's coerced value: a number or a boolean as it is, a list by its
 * length (what `_entities` multiplies by). Never a string or an object, so no caller's data is kept.
 */
export function costKeyPart(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.length}]`;
  return value === null || value === undefined ? 'null' : typeof value;
}
