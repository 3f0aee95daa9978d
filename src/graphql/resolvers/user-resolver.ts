import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { UserFilter } from '../../users/user-page';
import type { UserQueryService } from '../../users/user-query-service';
import type { GatewayContext } from '../context';
import { UserFilterInput } from '../inputs/user-filter-input';
import { validateArgument } from '../validation/validate-argument';
import { UserConnection } from '../types/user-connection';
import { toUserType, UserType } from '../types/user-type';

const DEFAULT_PAGE_SIZE = 20;

@Resolver(() => UserConnection)
export class UserResolver {
  constructor(private readonly queries: UserQueryService) {}

  @Query(() => UserType, { nullable: true, description: 'One user by CCE userid; batched per request.' })
  async user(@Arg('id', () => ID) id: string, @Ctx() context: GatewayContext): Promise<UserType | null> {
    const user = await context.userById.load(id);
    return user ? toUserType(user) : null;
  }

  @Query(() => UserConnection, { description: 'Users from the cache, newest first, with cursor pagination.' })
  async users(
    @Arg('filter', () => UserFilterInput, { nullable: true, validateFn: validateArgument('filter') })
    filter: UserFilterInput | null,
    @Arg('first', () => Int, { nullable: true, description: '1-100, default 20' }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ): Promise<UserConnection> {
    const userFilter = toUserFilter(filter);
    // The service names `first` and `after` itself: they are top-level arguments here too.
    const page = await this.queries.page({
      filter: userFilter,
      first: first ?? DEFAULT_PAGE_SIZE,
      ...(after !== null ? { after } : {}),
    });
    const edges = page.users.map(({ user, cursor }) => ({ node: toUserType(user), cursor }));
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
  totalCount(@Root() connection: UserConnection): Promise<number> {
    return this.queries.count(connection.filter);
  }
}

function toUserFilter(input: UserFilterInput | null): UserFilter {
  const filter: UserFilter = {};
  if (input?.status) filter.status = input.status;
  if (input?.email) filter.email = input.email;
  if (input?.cardLast4) filter.cardLast4 = input.cardLast4;
  if (input?.enrolledAfter) filter.enrolledAfter = input.enrolledAfter;
  if (input?.enrolledBefore) filter.enrolledBefore = input.enrolledBefore;
  return filter;
}
