/** Mastercard's base URLs for CCE (NOTES.md); any other absolute URL (e.g. the local sandbox) is accepted too. */
export const CCE_ENVIRONMENTS = {
  sandbox: 'https://sandbox.api.mastercard.com/cts',
  production: 'https://api.mastercard.com/cts',
} as const;

/** Returns the base URL for `sandbox`, `production` or an http(s) URL, without a trailing slash; null if invalid. */
export function resolveCceBaseUrl(value: string): string | null {
  if (value === 'sandbox' || value === 'production') return CCE_ENVIRONMENTS[value];
  try {
    const url = new URL(value);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    return url.toString().replace(/\/+$/, '');
  } catch {
    return null;
  }
}
