import { Authorized, Directive } from 'type-graphql';
import type { Scope } from '../../auth/scopes';

type FieldDecorator = (
  prototype: object,
  propertyKey: string | symbol,
  descriptor?: PropertyDescriptor,
) => void;

/**
 * The field or operation needs `scope`: enforced here by type-graphql's `@Authorized`, and
 * announced to a federation router by `@requiresScopes` (inert in the plain schema), so a router
 * can refuse early while the subgraph still checks for itself.
 */
export function RequiresScope(scope: Scope): FieldDecorator {
  const authorized = Authorized(scope) as FieldDecorator;
  const directive = Directive(`@requiresScopes(scopes: [["${scope}"]])`) as FieldDecorator;
  return (prototype, propertyKey, descriptor) => {
    authorized(prototype, propertyKey, descriptor);
    directive(prototype, propertyKey, descriptor);
  };
}

/** A root operation: the caller must be authenticated and hold `scope`. */
export function OperationScope(scope: Scope): FieldDecorator {
  const requiresScope = RequiresScope(scope);
  const authenticated = Directive('@authenticated') as FieldDecorator;
  return (prototype, propertyKey, descriptor) => {
    requiresScope(prototype, propertyKey, descriptor);
    authenticated(prototype, propertyKey, descriptor);
  };
}
