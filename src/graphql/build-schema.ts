import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import type { IssuerService } from '../issuer/issuer-service';
import type { DeletionService } from '../users/deletion-service';
import type { EnrollmentService } from '../users/enrollment-service';
import type { UserUpdateService } from '../users/update-service';
import type { UserQueryService } from '../users/user-query-service';
import { enforceRequiredScopes } from './auth/scope-enforcement';
import { DeletionResolver } from './resolvers/deletion-resolver';
import { EnrollmentResolver } from './resolvers/enrollment-resolver';
import { IssuerResolver } from './resolvers/issuer-resolver';
import { UpdateResolver } from './resolvers/update-resolver';
import { UserFieldsResolver } from './resolvers/user-fields-resolver';
import { UserResolver } from './resolvers/user-resolver';

export interface SchemaServices {
  enrollment: EnrollmentService;
  deletion: DeletionService;
  updates: UserUpdateService;
  issuers: IssuerService;
  queries: UserQueryService;
  /** CCE_DONATE_ENABLED: whether users need re-registration. */
  donateEnabled: boolean;
}

const RESOLVERS = [
  UserResolver,
  UserFieldsResolver,
  EnrollmentResolver,
  UpdateResolver,
  DeletionResolver,
  IssuerResolver,
] as const;

/** The schema with resolvers bound to the given services (constructor injection, no global container). */
export async function buildGatewaySchema(services: SchemaServices): Promise<GraphQLSchema> {
  const instances = new Map<unknown, unknown>([
    [UserResolver, new UserResolver(services.queries, services.donateEnabled)],
    [UserFieldsResolver, new UserFieldsResolver(services.donateEnabled)],
    [EnrollmentResolver, new EnrollmentResolver(services.enrollment)],
    [UpdateResolver, new UpdateResolver(services.updates)],
    [DeletionResolver, new DeletionResolver(services.deletion)],
    [IssuerResolver, new IssuerResolver(services.issuers)],
  ]);
  const schema = await buildSchema({
    resolvers: RESOLVERS,
    container: { get: (resolverClass) => instances.get(resolverClass) },
    // Validation is off unless asked for; the error output drops `target` and `value` so that
    // nothing submitted (a card number) can travel back in error extensions (SECURITY.md).
    validate: { forbidUnknownValues: false, validationError: { target: false, value: false } },
  });
  // Every field with @requiresScopes checks the caller's scopes; a failed check throws a typed error.
  return enforceRequiredScopes(schema);
}

/** Services that are never called: enough to build a schema only to print it. */
export const UNCALLED_SERVICES: SchemaServices = {
  enrollment: {} as never,
  deletion: {} as never,
  updates: {} as never,
  issuers: {} as never,
  queries: {} as never,
  donateEnabled: false,
};
