import { IsEmail, IsISO4217CurrencyCode, IsOptional, Length, Matches, ValidateNested } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { IsLuhnValid, IsNotExpired } from '../validation/card-validators';
import { IsSafeText } from '../validation/text-validators';
import { AddressInput, LocaleRules, UserNameInput } from './profile-inputs';

// Every constraint of the CCE UserProfile schema (contract/cce/carbon-tracker.yaml), checked
// before CCE is called. Stricter than the contract where it is silent: email.value and
// expiryInfo.month/year are required, the month must exist, and the card must pass Luhn. Every
// free-text field is @IsSafeText (no card number, control character or lone surrogate: they would be
// stored), and the locale is a BCP 47 tag.

@InputType()
export class EmailInput {
  @Field(() => String, { nullable: true, description: 'e.g. home or work (1-10 characters)' })
  @IsOptional()
  @Length(1, 10)
  @IsSafeText()
  type?: string | null;

  @Field(() => String, { description: '5-100 characters' })
  @Length(5, 100)
  @IsSafeText()
  @IsEmail()
  value!: string;
}

@InputType()
export class CardExpiryInput {
  @Field(() => String, { description: 'Two digits, 01-12' })
  @Matches(/^(0[1-9]|1[0-2])$/, { message: 'month must be two digits from 01 to 12' })
  month!: string;

  @Field(() => String, { description: 'Four digits' })
  @Matches(/^\d{4}$/, { message: 'year must be four digits' })
  year!: string;
}

@InputType({ description: "A cardholder's enrollment: CCE's UserProfile." })
export class EnrollUserInput {
  @Field(() => EmailInput)
  @ValidateNested()
  email!: EmailInput;

  @Field(() => UserNameInput, { nullable: true, description: 'Required when the issuer has Donate on.' })
  @IsOptional()
  @ValidateNested()
  name?: UserNameInput | null;

  @Field(() => String, { description: 'First Last (1-100 characters)' })
  @Length(1, 100)
  @IsSafeText()
  cardholderName!: string;

  @Field(() => String, {
    description: 'The full 16-digit card number. Sent to CCE encrypted; never stored, logged or returned.',
  })
  @Matches(/^\d{16}$/, { message: 'cardNumber must be exactly 16 digits' })
  @IsLuhnValid()
  cardNumber!: string;

  @Field(() => String, { description: 'ISO 4217 currency code, e.g. USD' })
  @Matches(/^[A-Za-z]{3}$/, { message: 'cardBaseCurrency must be three letters' })
  @IsISO4217CurrencyCode({ message: 'cardBaseCurrency must be an ISO 4217 currency code' })
  cardBaseCurrency!: string;

  @Field(() => CardExpiryInput)
  @ValidateNested()
  @IsNotExpired()
  expiryInfo!: CardExpiryInput;

  @Field(() => AddressInput, { nullable: true, description: 'Required when the issuer has Donate on.' })
  @IsOptional()
  @ValidateNested()
  billingAddress?: AddressInput | null;

  @Field(() => String, {
    nullable: true,
    description: 'A BCP 47 language tag, e.g. en-US. Required when the issuer has Donate on.',
  })
  @IsOptional()
  @LocaleRules()
  locale?: string | null;
}
