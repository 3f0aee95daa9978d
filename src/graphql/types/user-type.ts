import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { carbonScoreAvailableAt, USER_STATUSES, type User, type UserStatus } from '../../users/user';

export const UserStatusEnum = Object.fromEntries(USER_STATUSES.map((status) => [status, status])) as {
  [S in UserStatus]: S;
};

registerEnumType(UserStatusEnum, {
  name: 'UserStatus',
  description: 'Where the cardholder stands at CCE.',
  valuesConfig: {
    ACTIVE: { description: 'Enrolled.' },
    DELETION_PENDING: { description: 'Deletion accepted by CCE, which completes it within 24 hours.' },
    DELETED: { description: 'Deleted at CCE (24 hours after the deletion was accepted).' },
  },
});

@ObjectType('Email')
export class EmailType {
  @Field(() => String, { nullable: true, description: 'e.g. home or work' })
  type!: string | null;

  @Field(() => String, { nullable: true })
  value!: string | null;
}

@ObjectType('UserName')
export class UserNameType {
  @Field(() => String)
  firstName!: string;

  @Field(() => String)
  lastName!: string;
}

// An entity when served as a federation subgraph; the directive is inert in the plain schema.
@Directive('@key(fields: "id")')
@ObjectType('User', { description: 'A cardholder enrolled in the Carbon Calculator Experience.' })
export class UserType {
  @Field(() => ID, { description: "CCE's userid." })
  id!: string;

  @Field(() => EmailType, { nullable: true })
  email!: EmailType | null;

  @Field(() => UserNameType, { nullable: true })
  name!: UserNameType | null;

  @Field(() => String, { nullable: true })
  locale!: string | null;

  @Field(() => String)
  cardholderName!: string;

  @Field(() => String, {
    description: 'Last four digits of the card: the only part of the card number kept.',
  })
  cardLast4!: string;

  @Field(() => String, { description: 'ISO 4217 currency code.' })
  cardBaseCurrency!: string;

  @Field(() => UserStatusEnum)
  status!: UserStatus;

  @Field(() => Date)
  enrolledAt!: Date;

  @Field(() => Date, { nullable: true })
  deletionRequestedAt!: Date | null;

  @Field(() => Date, {
    description: 'enrolledAt + 24 h: when CCE has scored the last 12 months of transactions.',
  })
  carbonScoreAvailableAt!: Date;
}

export function toUserType(user: User): UserType {
  return { ...user, carbonScoreAvailableAt: carbonScoreAvailableAt(user) };
}
