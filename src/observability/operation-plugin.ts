import type { ApolloServerPlugin } from '@apollo/server';
import type { OperationDefinitionNode } from 'graphql';
import type { Logger } from 'pino';
import type { GatewayContext } from '../graphql/context';
import type { GatewayMetrics } from './gateway-metrics';

/**
 * Times, counts and logs every GraphQL operation. The metric label names the operation by its
 * root fields (`mutation enrollUser`), a set bounded by the schema, never by client-chosen names.
 */
export function operationObservabilityPlugin(
  metrics: GatewayMetrics,
  logger: Logger,
): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ operation, operationName, response, contextValue }) {
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          const code = errors?.[0]?.extensions?.code;
          const outcome = errors?.length ? (typeof code === 'string' ? code : 'ERROR') : 'success';
          const label = operationLabel(operation);
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          metrics.operations.inc({ operation: label, outcome });
          metrics.operationDuration.observe({ operation: label, outcome }, seconds);
          // The request's logger is only made when the line will be written (see the context).
          if (!logger.isLevelEnabled('info')) return;
          contextValue.logger().info(
            {
              operation: label,
              operationName: operationName ?? null,
              outcome,
              durationMs: Math.round(seconds * 1000),
            },
            'graphql operation',
          );
        },
      };
    },
  };
}

function operationLabel(operation: OperationDefinitionNode | undefined): string {
  if (!operation) return 'invalid';
  const fields = operation.selectionSet.selections
    .map((selection) => (selection.kind === 'Field' ? selection.name.value : '...'))
    .filter((name, index, all) => all.indexOf(name) === index)
    .sort();
  return `${operation.operation} ${fields.join(',')}`;
}
