import { TypeInfo, visit, visitWithTypeInfo } from 'graphql';
import { assertScopes } from '../../auth/caller';
import { toGraphQLError } from '../error-mapping';
import type { OperationCheck } from '../operation-checks-plugin';
import { requiredScopesOf } from './required-scopes';

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
        for (const scope of requiredScopesOf(typeInfo.getFieldDef())) required.add(scope);
      },
    }),
  );
  try {
    assertScopes(contextValue.caller, [...required]);
  } catch (error) {
    throw toGraphQLError(error as Error);
  }
};
