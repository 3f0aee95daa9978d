import { Field, ID, ObjectType } from 'type-graphql';
import { UserType } from './user-type';

@ObjectType()
export class EnrollUserPayload {
  @Field(() => UserType)
  user!: UserType;
}

@ObjectType({ description: 'An id whose deletion could not be requested; retry it later.' })
export class DeletionFailure {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'UPSTREAM_UNAVAILABLE or UPSTREAM_REJECTED, as in error extensions.' })
  code!: string;

  @Field(() => String, { nullable: true, description: "CCE's ReasonCode, when CCE answered." })
  reasonCode!: string | null;
}

@ObjectType()
export class DeleteUsersPayload {
  @Field(() => [ID], { description: 'Accepted by CCE (now DELETION_PENDING; CCE completes within 24 h).' })
  acceptedIds!: string[];

  @Field(() => [ID], { description: 'Not known to CCE, or deleted more than 24 h ago.' })
  notFoundIds!: string[];

  @Field(() => [DeletionFailure], { description: 'Ids whose CCE batch failed; nothing changed for them.' })
  failures!: DeletionFailure[];
}
