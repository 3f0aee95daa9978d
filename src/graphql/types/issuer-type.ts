import { Field, ObjectType } from 'type-graphql';
import type { IssuerView } from '../../issuer/issuer-service';

@ObjectType('ThemeSetting', { description: 'One webview colour or font, e.g. backgroundColor = #FFFFFF.' })
export class ThemeSettingType {
  @Field(() => String)
  name!: string;

  @Field(() => String)
  value!: string;
}

@ObjectType('Issuer', {
  description: "The issuer's CCE profile (GET /issuers), kept by the gateway and refreshed from CCE.",
})
export class IssuerType {
  @Field(() => String, { nullable: true, description: 'The issuer id at Mastercard Developers.' })
  clientId!: string | null;

  @Field(() => String, { nullable: true })
  customerId!: string | null;

  @Field(() => String, { nullable: true, description: 'ACTIVE or SUSPENDED, as CCE says.' })
  status!: string | null;

  @Field(() => [String], { description: 'BIN prefixes (4-8 digits) an enrolled card must start with.' })
  supportedAccountRange!: string[];

  @Field(() => String, { nullable: true, description: "The issuer's contact email at CCE." })
  email!: string | null;

  @Field(() => String, { nullable: true })
  currencyCode!: string | null;

  @Field(() => String, { nullable: true })
  countryCode!: string | null;

  @Field(() => String, { nullable: true })
  countryName!: string | null;

  @Field(() => String, { nullable: true })
  termsAndConditionsUrl!: string | null;

  @Field(() => String, { nullable: true })
  privacyNoticeUrl!: string | null;

  @Field(() => String, { nullable: true })
  optOutUrl!: string | null;

  @Field(() => [ThemeSettingType])
  preferredTheme!: ThemeSettingType[];

  @Field(() => Boolean, {
    description:
      "The gateway's CCE_DONATE_ENABLED: CCE's profile does not say whether Donate is on (not in the contract).",
  })
  donateEnabled!: boolean;

  @Field(() => Date, { description: 'When CCE last answered this profile.' })
  fetchedAt!: Date;
}

export function toIssuerType(view: IssuerView): IssuerType {
  return {
    ...view,
    supportedAccountRange: [...view.supportedAccountRange],
    preferredTheme: Object.entries(view.preferredTheme).map(([name, value]) => ({ name, value })),
  };
}
