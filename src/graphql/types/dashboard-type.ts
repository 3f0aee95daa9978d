import { Field, ObjectType, registerEnumType } from 'type-graphql';
import type { DashboardLanguageCode } from '../../cce/dashboard-languages';

/** The contract's languages; GraphQL enum names cannot hold dashes. */
export enum DashboardLanguage {
  EN_US = 'EN_US',
  ES_CR = 'ES_CR',
  ES_CL = 'ES_CL',
  SV = 'SV',
  PL_PL = 'PL_PL',
}

export const DASHBOARD_LANGUAGE_CODES: Record<DashboardLanguage, DashboardLanguageCode> = {
  EN_US: 'en-US',
  ES_CR: 'es-cr',
  ES_CL: 'es-cl',
  SV: 'sv',
  PL_PL: 'pl-PL',
};

registerEnumType(DashboardLanguage, {
  name: 'DashboardLanguage',
  valuesConfig: {
    EN_US: { description: 'English (en-US)' },
    ES_CR: { description: 'Spanish, Costa Rica (es-cr)' },
    ES_CL: { description: 'Spanish, Chile (es-cl)' },
    SV: { description: 'Swedish (sv)' },
    PL_PL: { description: 'Polish (pl-PL)' },
  },
});

@ObjectType('Dashboard', {
  description:
    "A short-lived URL of the cardholder's CCE dashboard, to load in a web view. The URL carries a " +
    'bearer token: hand it to that cardholder only, never log or store it.',
})
export class DashboardType {
  @Field(() => String)
  url!: string;

  @Field(() => Date, { description: 'After this the URL no longer opens.' })
  expiresAt!: Date;
}
