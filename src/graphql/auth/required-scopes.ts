import { Kind, type ConstDirectiveNode, type GraphQLField } from 'graphql';

/**
 * The scopes a field's `@requiresScopes` directive names: the one declaration that the gateway
 * enforces (scope-enforcement.ts), the mutation preflight reads, and a federation router sees.
 */
export function requiredScopesOf(field: GraphQLField<unknown, unknown> | null | undefined): string[] {
  const directive = field?.astNode?.directives?.find(
    (node: ConstDirectiveNode) => node.name.value === 'requiresScopes',
  );
  const scopes = directive?.arguments?.find((argument) => argument.name.value === 'scopes')?.value;
  if (scopes?.kind !== Kind.LIST) return [];
  // [["a"]] means scope a; the gateway only ever declares one alternative.
  return scopes.values.flatMap((alternative) =>
    alternative.kind === Kind.LIST
      ? alternative.values.flatMap((scope) => (scope.kind === Kind.STRING ? [scope.value] : []))
      : [],
  );
}
