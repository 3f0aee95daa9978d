import type { IssuerProfileDetails } from '../cce/contract-types';

export type IssuerStatus = 'ACTIVE' | 'INACTIVE' | 'SUSPENDED' | 'TERMINATED';

/** The one issuer a sandbox serves. Mutable so that a test can flip Donate or the status. */
export interface SandboxIssuer {
  donate: boolean;
  supportedAccountRange: string;
  status: IssuerStatus;
}

/** The sandbox test issuer of Mastercard's public test cases (NOTES.md). */
export const DEFAULT_SANDBOX_ISSUER: SandboxIssuer = {
  donate: false,
  supportedAccountRange: '222300,552433,222305,11112,5050,5051,510665',
  status: 'ACTIVE',
};

export function issuerProfile(issuer: SandboxIssuer, consumerKey: string): IssuerProfileDetails {
  return {
    clientId: consumerKey.split('!')[0] ?? consumerKey,
    customerId: 'sandbox0001',
    supportedAccountRange: issuer.supportedAccountRange,
    status: issuer.status,
    email: 'issuer@sandbox.example',
    currencyCode: 'USD',
    countryCode: 'USA',
    countryName: 'United States of America',
    termsAndConditionURL: 'https://issuer.example/terms',
    privacyNoticeURL: 'https://issuer.example/privacy',
    optOutURL: 'https://issuer.example/opt-out',
    preferredTheme: { backgroundColor: '#FFFFFF', fontColor: '#000000' },
  };
}
