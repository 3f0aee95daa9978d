/**
 * A request line's target, split as the router and the GraphQL endpoint both read it: the path, and the
 * query string with its `?` ('' without one), a fragment cut off first.
 */
export function splitTarget(target: string): { path: string; search: string } {
  const hash = target.indexOf('#');
  const withoutFragment = hash < 0 ? target : target.slice(0, hash);
  const start = withoutFragment.indexOf('?');
  return start < 0
    ? { path: withoutFragment, search: '' }
    : { path: withoutFragment.slice(0, start), search: withoutFragment.slice(start) };
}
