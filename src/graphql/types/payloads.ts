import { Field, ID, ObjectType } from 'type-graphql';
import { IssuerType } from './issuer-type';
import { UserType } from './user-type';

@ObjectType()
export class EnrollUserPayload {
  @Field(() => UserType)
  user!: UserType;
}

@ObjectType()
export class UpdateUserPayload {
  @Field(() => UserType, { description: 'The user as the cache holds it after CCE accepted the update.' })
  user!: UserType;
}

@ObjectType()
export class UpdateIssuerPayload {
  @Field(() => IssuerType)
  issuer!: IssuerType;
}

@ObjectType({ description: 'An id whose deletion could not be requested; retry it later.' })
export class DeletionFailure {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'UPSTREAM_UNAVAILABLE or UPSTREAM_REJECTED, as in error extensions.' })
  code!: string;

  @Field(() => String, { nullable: true, description: "CCE's ReasonCode, when CCE answered." })
  reasonCode!: string | null;

  @Field(() => String, {
    description:
      'SENT_REJECTED (CCE refused; nothing changed), NOT_SENT (CCE was not called) or UNKNOWN (no answer: ' +
      'the users may be deleted; deleting again is safe, and the gateway re-checks them).',
  })
  outcome!: string;
}

@ObjectType()
export class DeleteUsersPayload {
  @Field(() => [ID], { description: 'Accepted by CCE (now DELETION_PENDING; CCE completes within 24 h).' })
  acceptedIds!: string[];

  @Field(() => [ID], { description: 'Not known to CCE, or deleted more than 24 h ago.' })
  notFoundIds!: string[];

  @Field(() => [DeletionFailure], { description: 'Ids whose CCE batch failed; see each outcome.' })
  failures!: DeletionFailure[];
}
