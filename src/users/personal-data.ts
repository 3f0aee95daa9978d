/** What the cache keeps about a cardholder besides card digits, status and dates: encrypted at rest. */
export interface PersonalData {
  readonly email?: { readonly type?: string | null; readonly value?: string | null } | null;
  readonly name?: { readonly firstName: string; readonly lastName: string } | null;
  readonly cardholderName: string;
  readonly locale?: string | null;
}
