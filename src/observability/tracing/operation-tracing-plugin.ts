import type { ApolloServerPlugin } from '@apollo/server';
import { SpanStatusCode, trace, type Attributes } from '@opentelemetry/api';
import { ATTR_ERROR_TYPE } from '@opentelemetry/semantic-conventions';
import type { OperationDefinitionNode } from 'graphql';
import type { GatewayContext } from '../../graphql/context';
import { redactCardNumbers } from '../../security/redact-card-numbers';
import {
  GATEWAY_CALLER_CLIENT_ID,
  GRAPHQL_ERROR_CODES,
  GRAPHQL_OPERATION_NAME,
  GRAPHQL_OPERATION_TYPE,
  GRAPHQL_OUTCOME,
  GRAPHQL_ROOT_FIELDS,
} from './span-attributes';

/**
 * Names the request's span (started by inOperationSpan) after its operation, as the metrics
 * label it: `query users`, `mutation enrollUser`. Only the shape of the operation goes on the span:
 * never the document, variables, arguments or response data (card numbers, emails and dashboard
 * URLs live there).
 */
export function operationTracingPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      const span = trace.getActiveSpan();
      return {
        async willSendResponse({ operation, operationName, response, contextValue }) {
          if (!span) return;
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          const codes = [
            ...new Set((errors ?? []).map(({ extensions }) => String(extensions?.code ?? 'ERROR'))),
          ];
          const attributes: Attributes = { [GRAPHQL_OUTCOME]: codes[0] ?? 'success' };
          const clientId = contextValue.caller.clientId;
          if (clientId !== null) attributes[GATEWAY_CALLER_CLIENT_ID] = redactCardNumbers(clientId);
          if (codes.length > 0) attributes[GRAPHQL_ERROR_CODES] = codes;
          if (operation) {
            const fields = rootFieldsOf(operation);
            span.updateName(`${operation.operation} ${fields.join(',')}`);
            attributes[GRAPHQL_OPERATION_TYPE] = operation.operation;
            attributes[GRAPHQL_ROOT_FIELDS] = fields;
          }
          // A client-chosen name: a GraphQL name can still hold a run of digits shaped like a card.
          if (operationName) attributes[GRAPHQL_OPERATION_NAME] = redactCardNumbers(operationName);
          span.setAttributes(attributes);
          if (codes.length > 0) {
            span.setAttribute(ATTR_ERROR_TYPE, codes[0]!);
            span.setStatus({ code: SpanStatusCode.ERROR, message: codes[0]! });
          }
        },
      };
    },
  };
}

/** Distinct root field names, sorted (`...` for a fragment at the root), as the metrics label. */
function rootFieldsOf(operation: OperationDefinitionNode): string[] {
  return [
    ...new Set(
      operation.selectionSet.selections.map((selection) =>
        selection.kind === 'Field' ? selection.name.value : '...',
      ),
    ),
  ].sort();
}
