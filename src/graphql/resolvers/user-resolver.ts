import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { assertScopes } from '../../auth/caller';
import { SCOPES } from '../../auth/scopes';
import { assertMayAccessUsers } from '../../auth/user-binding';
import { reregistrationCondition } from '../../users/donate-reregistration';
import { assertUserId } from '../../users/user';
import { DEFAULT_PAGE_SIZE, type UserFilter } from '../../users/user-page';
import type { UserQueryService } from '../../users/user-query-service';
import { OperationScope } from '../auth/requires-scope';
import type { GatewayContext } from '../context';
import { UserFilterInput } from '../inputs/user-filter-input';
import { validateArgument } from '../validation/validate-argument';
import { UserConnection } from '../types/user-connection';
import { UserType } from '../types/user-type';

@Resolver(() => UserConnection)
export class UserResolver {
  constructor(
    private readonly queries: UserQueryService,
    private readonly donateEnabled: boolean,
  ) {}

  @Query(() => UserType, { nullable: true, description: 'One user by CCE userid; batched per request.' })
  @OperationScope(SCOPES.read)
  async user(@Arg('id', () => ID) id: string, @Ctx() context: GatewayContext): Promise<UserType | null> {
    assertUserId(id, 'id');
    assertMayAccessUsers(context.caller, [id]);
    const user = await context.userById.load(id);
    return user;
  }

  @Query(() => UserConnection, {
    description:
      'Users from the cache, newest first, with cursor pagination. A token bound to one cardholder sees only that user.',
  })
  @OperationScope(SCOPES.read)
  async users(
    @Arg('filter', () => UserFilterInput, { nullable: true, validateFn: validateArgument('filter') })
    filter: UserFilterInput | null,
    @Arg('first', () => Int, { nullable: true, description: `1-100, default ${DEFAULT_PAGE_SIZE}` })
    first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() context: GatewayContext,
  ): Promise<UserConnection> {
    // Looking users up by email reveals who is enrolled: personal data, like the email field itself.
    if (filter?.email) assertScopes(context.caller, [SCOPES.readPii]);
    const userFilter = toUserFilter(filter, context.caller.boundUserId, this.donateEnabled);
    // The service names `first` and `after` itself: they are top-level arguments here too.
    const page = await this.queries.page({
      filter: userFilter,
      first: first ?? DEFAULT_PAGE_SIZE,
      ...(after !== null ? { after } : {}),
    });
    const edges = page.users.map(({ user, cursor }) => ({ node: user, cursor }));
    return {
      edges,
      pageInfo: {
        hasNextPage: page.hasNextPage,
        hasPreviousPage: false,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges.at(-1)?.cursor ?? null,
      },
      filter: userFilter,
    };
  }

  @FieldResolver(() => Int)
  totalCount(@Root() connection: UserConnection, @Ctx() context: GatewayContext): Promise<number> {
    return context.userCount.load(connection.filter);
  }
}

function toUserFilter(
  input: UserFilterInput | null,
  boundUserId: string | null,
  donateEnabled: boolean,
): UserFilter {
  const filter: UserFilter = {};
  if (typeof input?.reregistrationRequired === 'boolean') {
    Object.assign(filter, reregistrationCondition(input.reregistrationRequired, donateEnabled));
  }
  if (input?.status) filter.status = input.status;
  if (boundUserId !== null) filter.userId = boundUserId;
  if (input?.email) filter.email = input.email;
  if (input?.cardLast4) filter.cardLast4 = input.cardLast4;
  if (input?.enrolledAfter) filter.enrolledAfter = input.enrolledAfter;
  if (input?.enrolledBefore) filter.enrolledBefore = input.enrolledBefore;
  return filter;
}
