import {
  ArrayMaxSize,
  ArrayMinSize,
  IsOptional,
  IsUrl,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { MAX_THEME_SETTINGS } from '../../issuer/theme-rules';
import { IsSafeText } from '../validation/text-validators';

// No credentials in the URL (https://user:pass@host): these URLs are shown to every cardholder.
const HTTPS_URL = { protocols: ['https'], require_protocol: true, require_tld: true, disallow_auth: true };

@InputType('ThemeSettingInput')
export class ThemeSettingInput {
  @Field(() => String, { description: 'e.g. backgroundColor, titleFontSize, titleFontType' })
  @Length(1, 50)
  name!: string;

  @Field(() => String, { description: '...Color: #RRGGBB; ...FontSize: e.g. 15px; ...FontType: a font name' })
  @Length(1, 100)
  @IsSafeText()
  value!: string;
}

@InputType({
  description: "Changes to the issuer's CCE configuration (PUT /issuers): only the fields given change.",
})
export class UpdateIssuerInput {
  @Field(() => [String], { nullable: true, description: 'Replaces the BIN prefixes (4-8 digits each).' })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @Matches(/^\d{4,8}$/, { each: true, message: 'each prefix must be 4 to 8 digits' })
  supportedAccountRange?: string[] | null;

  @Field(() => String, { nullable: true, description: 'An https URL.' })
  @IsOptional()
  @MaxLength(2000)
  @IsUrl(HTTPS_URL, { message: 'termsAndConditionsUrl must be an https URL' })
  termsAndConditionsUrl?: string | null;

  @Field(() => String, { nullable: true, description: 'An https URL.' })
  @IsOptional()
  @MaxLength(2000)
  @IsUrl(HTTPS_URL, { message: 'privacyNoticeUrl must be an https URL' })
  privacyNoticeUrl?: string | null;

  @Field(() => String, { nullable: true, description: 'An https URL.' })
  @IsOptional()
  @MaxLength(2000)
  @IsUrl(HTTPS_URL, { message: 'optOutUrl must be an https URL' })
  optOutUrl?: string | null;

  @Field(() => [ThemeSettingInput], {
    nullable: true,
    description: `Settings to change (at most ${MAX_THEME_SETTINGS}); the others stay.`,
  })
  @IsOptional()
  @ArrayMaxSize(MAX_THEME_SETTINGS)
  @ValidateNested({ each: true })
  preferredTheme?: ThemeSettingInput[] | null;
}
