import { IsOptional, ValidateNested } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { AddressInput, LocaleRules, UserNameInput } from './profile-inputs';

@InputType({
  description:
    "A cardholder's new details: CCE's UpdateUserProfile, a replacement. A billing address left out " +
    'is gone at CCE afterwards, and with it the Donate profile (see User.reregistrationRequired).',
})
export class UpdateUserInput {
  @Field(() => UserNameInput)
  @ValidateNested()
  name!: UserNameInput;

  @Field(() => String, { description: 'A BCP 47 language tag, e.g. en-US.' })
  @LocaleRules()
  locale!: string;

  @Field(() => AddressInput, { nullable: true, description: 'Required by the Donate feature.' })
  @IsOptional()
  @ValidateNested()
  billingAddress?: AddressInput | null;
}
