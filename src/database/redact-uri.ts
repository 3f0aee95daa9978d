/** Hides the password of a MongoDB URI so that it can be logged. */
export function redactUriCredentials(uri: string): string {
  return uri.replace(/^(mongodb(?:\+srv)?:\/\/[^:@/]+):[^@/]+@/, '$1:***@');
}
