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

/**
 * Plain http is only for a CCE on this machine (the local sandbox) or on a host named in
 * `plainHttpHosts` (a sandbox container on a private network): card numbers travel encrypted either
 * way, but OAuth headers, user ids and CCE's answers would not.
 */
export function isPlainHttpAllowed(baseUrl: string, plainHttpHosts: readonly string[]): boolean {
  const url = new URL(baseUrl);
  if (url.protocol !== 'http:') return true;
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const loopback = host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
  return loopback || plainHttpHosts.includes(host);
}
