import { IsOptional, Length, Matches, MaxLength } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { IsLanguageTag, IsSafeText } from '../validation/text-validators';

// The parts of CCE's profile schemas that enrollment (UserProfile) and update (UpdateUserProfile)
// share, with one set of rules for both: every constraint of the contract, and every free-text field
// @IsSafeText (no card number, control character or lone surrogate: they would be stored).

@InputType()
export class UserNameInput {
  @Field(() => String)
  @Length(1, 100)
  @IsSafeText()
  firstName!: string;

  @Field(() => String)
  @Length(1, 100)
  @IsSafeText()
  lastName!: string;
}

@InputType()
export class AddressInput {
  @Field(() => String, { description: 'Three-character country code, e.g. USA' })
  @Length(3, 3)
  @IsSafeText()
  countryCode!: string;

  @Field(() => String, { description: 'Type of address, e.g. home or work (3-20 characters)' })
  @Length(3, 20)
  @IsSafeText()
  type!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(3, 30)
  @IsSafeText()
  locality?: string | null;

  @Field(() => String, { nullable: true, description: 'Letters, digits and spaces, up to 12' })
  @IsOptional()
  @MaxLength(12)
  @IsSafeText()
  @Matches(/^(?=.*[A-Za-z0-9])[A-Za-z0-9 ]*$/, {
    message: 'postalCode allows only letters, digits and spaces',
  })
  postalCode?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(3, 20)
  @IsSafeText()
  state?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(3, 20)
  @IsSafeText()
  city?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(3, 20)
  @IsSafeText()
  line1?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(3, 20)
  @IsSafeText()
  line2?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(3, 20)
  @IsSafeText()
  line3?: string | null;
}

/** The contract's locale (1-100 characters), narrowed to a BCP 47 language tag such as en-US. */
export function LocaleRules() {
  const rules = [Length(1, 100), IsSafeText(), IsLanguageTag()];
  return (target: object, propertyName: string) => rules.forEach((rule) => rule(target, propertyName));
}
