import { buildSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { parse, type GraphQLSchema } from 'graphql';
import { createResolversMap } from 'type-graphql';
import type { GatewayContext } from './context';
import { buildGatewaySchema, type SchemaServices } from './build-schema';
import { toUserType } from './types/user-type';

// Federation 2: `User @key(fields: "id")` is declared on the type-graphql class; this links the spec.
const FEDERATION_LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])\n`;

/**
 * The same schema as an Apollo Federation 2 subgraph (`_service`, `_entities`). A router resolves
 * `User` references through the per-request DataLoader, so N entities cost one database query.
 */
export async function buildGatewaySubgraphSchema(services: SchemaServices): Promise<GraphQLSchema> {
  const schema = await buildGatewaySchema(services);
  const resolvers = createResolversMap(schema) as Record<string, Record<string, unknown>>;
  return buildSubgraphSchema({
    typeDefs: parse(`${FEDERATION_LINK}${printSchemaWithDirectives(schema)}`),
    resolvers: {
      ...resolvers,
      User: {
        ...resolvers.User,
        __resolveReference: async (reference: { id: string }, context: GatewayContext) => {
          const user = await context.userById.load(reference.id);
          return user ? toUserType(user) : null;
        },
      },
    } as never,
  });
}
