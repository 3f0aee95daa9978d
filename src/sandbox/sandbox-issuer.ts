import type { IssuerProfile, IssuerProfileDetails, PreferredTheme } from '../cce/contract-types';

export type IssuerStatus = 'ACTIVE' | 'INACTIVE' | 'SUSPENDED' | 'TERMINATED';

/**
 * The one issuer a sandbox serves. Mutable, so that a test can flip Donate, the status or the range,
 * and so that PUT /issuers changes the range, the URLs and the theme that GET /issuers answers.
 */
export interface SandboxIssuer {
  donate: boolean;
  supportedAccountRange: string;
  status: IssuerStatus;
  termsAndConditionURL: string;
  privacyNoticeURL: string;
  optOutURL: string;
  preferredTheme: PreferredTheme;
}

/** The sandbox test issuer of Mastercard's public test cases (NOTES.md), with the contract's example theme. */
export function defaultSandboxIssuer(): SandboxIssuer {
  return {
    donate: false,
    supportedAccountRange: '222300,552433,222305,11112,5050,5051,510665',
    status: 'ACTIVE',
    termsAndConditionURL: 'https://issuer.example/terms',
    privacyNoticeURL: 'https://issuer.example/privacy',
    optOutURL: 'https://issuer.example/opt-out',
    preferredTheme: {
      backgroundColor: '#FFFFFF',
      widgetBackgroundColor: '#FFFFFF',
      fontColor: '#000000',
      barGraphColor: '#111111',
      buttonColor: '#999999',
      buttonTextColor: '#FFFFFF',
      titleFontType: 'Mark Offc For MC',
      titleFontSize: '28px',
      paragraphFontType: 'Mark Offc For MC',
      paragraphFontSize: '15px',
    },
  };
}

const CUSTOMER_ID = 'sandbox0001';

function clientIdOf(consumerKey: string): string {
  return consumerKey.split('!')[0] ?? consumerKey;
}

/** What PUT /issuers answers: the shorter IssuerProfile. */
export function updatedIssuerProfile(issuer: SandboxIssuer, consumerKey: string): IssuerProfile {
  return {
    clientId: clientIdOf(consumerKey),
    customerId: CUSTOMER_ID,
    supportedAccountRange: issuer.supportedAccountRange,
    status: issuer.status,
    termsAndConditionURL: issuer.termsAndConditionURL,
    privacyNoticeURL: issuer.privacyNoticeURL,
    optOutURL: issuer.optOutURL,
    preferredTheme: { ...issuer.preferredTheme },
  };
}

/** What GET /issuers answers. */
export function issuerProfile(issuer: SandboxIssuer, consumerKey: string): IssuerProfileDetails {
  return {
    ...updatedIssuerProfile(issuer, consumerKey),
    email: 'issuer@sandbox.example',
    currencyCode: 'USD',
    countryCode: 'USA',
    countryName: 'United States of America',
    termsAndConditionURL: issuer.termsAndConditionURL,
    privacyNoticeURL: issuer.privacyNoticeURL,
    optOutURL: issuer.optOutURL,
    preferredTheme: { ...issuer.preferredTheme },
  };
}
