import {
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type ConstDirectiveNode,
  type GraphQLField,
} from 'graphql';
import { assertScopes } from '../../auth/caller';
import { toGraphQLError } from '../error-mapping';
import type { OperationCheck } from '../operation-checks-plugin';

/**
 * Before a mutation runs, every field it selects must be readable by the caller: otherwise CCE
 * would act (a card enrolled) and the answer would then fail on a field the caller may not read,
 * leaving the client to retry into DUPLICATE_CARD. Queries keep per-field errors instead.
 * The scopes come from the same `@requiresScopes` directives a federation router reads.
 */
export const mutationScopePreflight: OperationCheck = ({ schema, document, operation, contextValue }) => {
  if (operation?.operation !== 'mutation') return;
  const required = new Set<string>();
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field() {
        for (const scope of scopesOf(typeInfo.getFieldDef())) required.add(scope);
      },
    }),
  );
  try {
    assertScopes(contextValue.caller, [...required]);
  } catch (error) {
    throw toGraphQLError(error as Error);
  }
};

function scopesOf(field: GraphQLField<unknown, unknown> | null | undefined): string[] {
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
