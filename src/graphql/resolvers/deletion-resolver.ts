import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { SCOPES } from '../../auth/scopes';
import { assertMayAccessUsers } from '../../auth/user-binding';
import type { DeletionService } from '../../users/deletion-service';
import { OperationScope } from '../auth/requires-scope';
import type { GatewayContext } from '../context';
import { mapError } from '../error-mapping';
import { DeleteUsersPayload } from '../types/payloads';
import { underArgument } from './argument-paths';

@Resolver()
export class DeletionResolver {
  constructor(private readonly deletion: DeletionService) {}

  @Mutation(() => DeleteUsersPayload, {
    description:
      'Deletes users at CCE (up to DELETE_USERS_MAX_IDS ids, sent in batches of 500). Unknown ids are reported, not fatal.',
  })
  @OperationScope(SCOPES.delete)
  async deleteUsers(
    @Arg('ids', () => [ID]) ids: string[],
    @Ctx() context: GatewayContext,
  ): Promise<DeleteUsersPayload> {
    assertMayAccessUsers(context.caller, ids);
    const report = await underArgument('ids', () => this.deletion.deleteUsers(ids, context.budget));
    return {
      acceptedIds: report.accepted,
      notFoundIds: report.notFound,
      failures: report.failed.map(({ id, error }) => {
        const mapped = mapError(error);
        const reasonCode = mapped?.extensions?.reasonCode;
        const outcome = mapped?.extensions?.outcome;
        return {
          id,
          code: mapped?.code ?? 'INTERNAL_SERVER_ERROR',
          reasonCode: typeof reasonCode === 'string' ? reasonCode : null,
          // An unexpected failure may have happened after CCE was called.
          outcome: typeof outcome === 'string' ? outcome : 'UNKNOWN',
        };
      }),
    };
  }
}
