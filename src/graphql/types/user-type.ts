import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { SCOPES } from '../../auth/scopes';
import { USER_STATUSES, type UserStatus } from '../../users/user';
import { RequiresScope } from '../auth/requires-scope';

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

const PII = ' Personal data: needs the users:read_pii scope (a field error without it).';

/**
 * An entity when served as a federation subgraph (the directives are inert in the plain schema).
 * Every field but `id` needs a scope; personal data is nullable so that a caller without
 * users:read_pii gets a field error, not a failed page.
 */
@Directive('@key(fields: "id")')
@ObjectType('User', { description: 'A cardholder enrolled in the Carbon Calculator Experience.' })
export class UserType {
  @Field(() => ID, { description: "CCE's userid." })
  id!: string;

  @Field(() => EmailType, { nullable: true, description: PII.trim() })
  @RequiresScope(SCOPES.readPii)
  email!: EmailType | null;

  @Field(() => UserNameType, { nullable: true, description: PII.trim() })
  @RequiresScope(SCOPES.readPii)
  name!: UserNameType | null;

  @Field(() => String, { nullable: true, description: PII.trim() })
  @RequiresScope(SCOPES.readPii)
  locale!: string | null;

  @Field(() => String, { nullable: true, description: `The name on the card.${PII}` })
  @RequiresScope(SCOPES.readPii)
  cardholderName!: string | null;

  @Field(() => String, {
    description: 'Last four digits of the card: the only part of the card number kept.',
  })
  @RequiresScope(SCOPES.read)
  cardLast4!: string;

  @Field(() => String, { description: 'ISO 4217 currency code.' })
  @RequiresScope(SCOPES.read)
  cardBaseCurrency!: string;

  @Field(() => UserStatusEnum)
  @RequiresScope(SCOPES.read)
  status!: UserStatus;

  @Field(() => Date)
  @RequiresScope(SCOPES.read)
  enrolledAt!: Date;

  @Field(() => Date, { nullable: true })
  @RequiresScope(SCOPES.read)
  deletionRequestedAt!: Date | null;

  @Field(() => Date, {
    description: 'enrolledAt + 24 h: when CCE has scored the last 12 months of transactions.',
  })
  @RequiresScope(SCOPES.read)
  carbonScoreAvailableAt!: Date;

  @Field(() => Boolean, {
    description:
      'The profile CCE holds satisfies the Donate rule (name, billing address, email, locale and the card ' +
      'data all given). False for users enrolled before the gateway recorded it.',
  })
  @RequiresScope(SCOPES.read)
  donateProfileComplete!: boolean;
}
