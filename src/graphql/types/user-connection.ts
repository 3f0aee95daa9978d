import { Field, Int, ObjectType } from 'type-graphql';
import type { UserFilter } from '../../users/user-page';
import { UserType } from './user-type';

@ObjectType()
export class UserEdge {
  @Field(() => UserType)
  node!: UserType;

  @Field(() => String)
  cursor!: string;
}

@ObjectType()
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => Boolean, { description: 'Always false: pages are walked forwards with `after`.' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@ObjectType({ description: 'Users, newest enrollment first (ties broken by id).' })
export class UserConnection {
  @Field(() => [UserEdge])
  edges!: UserEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  // Counted only when asked for, by UserResolver.totalCount.
  @Field(() => Int, { description: 'Users matching the filter, on all pages.' })
  totalCount?: number;

  filter!: UserFilter;
}
