import { buildSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { parse, type GraphQLSchema } from 'graphql';
import { createResolversMap } from 'type-graphql';
import { assertScopes } from '../auth/caller';
import { SCOPES } from '../auth/scopes';
import { assertMayAccessUsers } from '../auth/user-binding';
import { isUserId } from '../users/user';
import type { GatewayContext } from './context';
import { buildGatewaySchema, type SchemaServices } from './build-schema';

// Federation 2: `User @key(fields: "id")` and the scope directives are declared on the type-graphql
// classes; this links the spec (v2.5 brings @authenticated and @requiresScopes).
const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", ' +
  'import: ["@key", "@authenticated", "@requiresScopes"])\n';

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
        // A router's `_entities` bypasses the Query fields' scope checks, so the same rules apply here.
        __resolveReference: async (reference: { id: unknown }, context: GatewayContext) => {
          assertScopes(context.caller, [SCOPES.read]);
          // Representations are `_Any`: the id may be anything a router (or a caller) sends.
          if (typeof reference.id !== 'string' || !isUserId(reference.id)) return null;
          assertMayAccessUsers(context.caller, [reference.id]);
          const user = await context.userById.load(reference.id);
          return user;
        },
      },
    } as never,
  });
}
