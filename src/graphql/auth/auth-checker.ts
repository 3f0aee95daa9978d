import type { AuthChecker } from 'type-graphql';
import { assertScopes } from '../../auth/caller';
import type { GatewayContext } from '../context';

/**
 * type-graphql's check behind every `@Authorized(scope)`: the caller's token must carry the scopes.
 * It throws its own typed error (naming the scopes) instead of returning false, so the one error
 * mapping answers FORBIDDEN with the scope rather than type-graphql's generic error.
 */
export const scopeAuthChecker: AuthChecker<GatewayContext, string> = ({ context }, scopes) => {
  assertScopes(context.caller, scopes);
  return true;
};
