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
  if (new URL(baseUrl).protocol !== 'http:') return true;
  const host = hostOf(baseUrl);
  return isLoopback(host) || plainHttpHosts.includes(host);
}

/**
 * A CCE that holds no real cardholders: Mastercard's sandbox, one on this machine, or a sandbox container
 * named in `plainHttpHosts`. Anything else (production, an IP, a proxy or alias in front of it) may be real.
 */
export function isTestCce(baseUrl: string, plainHttpHosts: readonly string[]): boolean {
  const host = hostOf(baseUrl);
  return host === hostOf(CCE_ENVIRONMENTS.sandbox) || isLoopback(host) || plainHttpHosts.includes(host);
}

/** Lower case, without IPv6 brackets or the trailing dots of a fully qualified name (`api.mastercard.com.`). */
function hostOf(baseUrl: string): string {
  return new URL(baseUrl).hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.+$/, '')
    .toLowerCase();
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}
