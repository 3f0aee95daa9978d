import type { AuthConfig } from '../config/auth-config';
import { unauthenticatedCaller, type Caller } from './caller';
import { ALL_SCOPES } from './scopes';
import { TokenVerifier } from './token-verifier';

/** Turns a request's `Authorization` header into its Caller, or throws UnauthenticatedError. */
export interface Authenticator {
  authenticate(authorization: string | undefined): Promise<Caller>;
}

export function createAuthenticator(config: AuthConfig): Authenticator {
  if (!config.enabled) {
    // AUTH_DISABLED=true, logged as a warning at every start: every caller holds every scope.
    const anonymous = unauthenticatedCaller(ALL_SCOPES);
    return { authenticate: async () => anonymous };
  }
  const verifier = new TokenVerifier(config);
  return { authenticate: (authorization) => verifier.verify(authorization) };
}
