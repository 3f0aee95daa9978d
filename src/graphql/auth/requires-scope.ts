import { Directive } from 'type-graphql';
import type { Scope } from '../../auth/scopes';

type FieldDecorator = (
  prototype: object,
  propertyKey: string | symbol,
  descriptor?: PropertyDescriptor,
) => void;

/**
 * The field or operation needs `scope`, declared once as `@requiresScopes`: the gateway enforces it
 * on every field that carries it (scope-enforcement.ts), and a federation router reads the same
 * directive to refuse early while the subgraph still checks for itself.
 */
export function RequiresScope(scope: Scope): FieldDecorator {
  return Directive(`@requiresScopes(scopes: [["${scope}"]])`) as FieldDecorator;
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
