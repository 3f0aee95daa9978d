import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { SCOPES } from '../../auth/scopes';
import { assertMayAccessUsers } from '../../auth/user-binding';
import type { UpdateUserProfile } from '../../cce/contract-types';
import type { UserUpdateService } from '../../users/update-service';
import { assertUserId } from '../../users/user';
import { OperationScope } from '../auth/requires-scope';
import type { GatewayContext } from '../context';
import { UpdateUserInput } from '../inputs/update-user-input';
import { UpdateUserPayload } from '../types/payloads';
import { validateArgument } from '../validation/validate-argument';
import { underArgument } from './argument-paths';
import { withoutNulls } from './without-nulls';

@Resolver()
export class UpdateResolver {
  constructor(private readonly updates: UserUpdateService) {}

  @Mutation(() => UpdateUserPayload, {
    description:
      "Replaces a cardholder's name, locale and billing address at CCE, then in the cache. Errors: " +
      'BAD_USER_INPUT, USER_NOT_FOUND, UPDATE_USER_NOT_ACCESSIBLE (Donate is off), UPDATE_IN_PROGRESS ' +
      '(another update of this user holds it; nothing sent), UPDATE_NOT_RECORDED, UPSTREAM_REJECTED, ' +
      'UPSTREAM_UNAVAILABLE (sending the same update again is safe; after an unknown outcome, once the hold has lapsed).',
  })
  @OperationScope(SCOPES.update)
  async updateUser(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateUserInput, { validateFn: validateArgument('input') }) input: UpdateUserInput,
    @Ctx() context: GatewayContext,
  ): Promise<UpdateUserPayload> {
    assertUserId(id, 'id');
    assertMayAccessUsers(context.caller, [id]);
    const user = await underArgument('input', () =>
      this.updates.update(id, withoutNulls<UpdateUserProfile>(input), context.budget),
    );
    return { user };
  }
}
