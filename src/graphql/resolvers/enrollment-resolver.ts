import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { SCOPES } from '../../auth/scopes';
import { assertNotBound } from '../../auth/user-binding';
import type { UserProfile } from '../../cce/contract-types';
import type { EnrollmentService } from '../../users/enrollment-service';
import { OperationScope } from '../auth/requires-scope';
import type { GatewayContext } from '../context';
import { EnrollUserInput } from '../inputs/enroll-user-input';
import { EnrollUserPayload } from '../types/payloads';
import { validateArgument } from '../validation/validate-argument';
import { underArgument } from './argument-paths';
import { withoutNulls } from './without-nulls';

@Resolver()
export class EnrollmentResolver {
  constructor(private readonly enrollment: EnrollmentService) {}

  @Mutation(() => EnrollUserPayload, {
    description:
      'Enrolls a cardholder in CCE. Errors: BAD_USER_INPUT (with field paths), DUPLICATE_CARD, ' +
      'CARD_NOT_SUPPORTED, UPSTREAM_REJECTED (with reasonCode), UPSTREAM_UNAVAILABLE.',
  })
  @OperationScope(SCOPES.enroll)
  async enrollUser(
    @Arg('input', () => EnrollUserInput, { validateFn: validateArgument('input') }) input: EnrollUserInput,
    @Ctx() context: GatewayContext,
  ): Promise<EnrollUserPayload> {
    assertNotBound(context.caller);
    const user = await underArgument('input', () =>
      this.enrollment.enroll(withoutNulls<UserProfile>(input), context.budget),
    );
    return { user };
  }
}
