import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { SCOPES } from '../../auth/scopes';
import { assertNotBound } from '../../auth/user-binding';
import type { IssuerChange, IssuerService } from '../../issuer/issuer-service';
import { OperationScope } from '../auth/requires-scope';
import type { GatewayContext } from '../context';
import { UpdateIssuerInput } from '../inputs/update-issuer-input';
import { IssuerType, toIssuerType } from '../types/issuer-type';
import { UpdateIssuerPayload } from '../types/payloads';
import { validateArgument } from '../validation/validate-argument';
import { underArgument } from './argument-paths';
import { withoutNulls } from './without-nulls';

@Resolver()
export class IssuerResolver {
  constructor(private readonly issuers: IssuerService) {}

  @Query(() => IssuerType, {
    description:
      "The issuer's CCE profile as last read from CCE (kept in the database, shared by every instance). " +
      'UPSTREAM_UNAVAILABLE while CCE has never answered.',
  })
  @OperationScope(SCOPES.issuerRead)
  async issuer(@Ctx() context: GatewayContext): Promise<IssuerType> {
    assertNotBound(context.caller);
    return toIssuerType(await this.issuers.profile());
  }

  @Mutation(() => UpdateIssuerPayload, {
    description:
      "Changes the issuer's CCE configuration (PUT /issuers); only the fields given change. Errors: " +
      'BAD_USER_INPUT, UPSTREAM_REJECTED, UPSTREAM_UNAVAILABLE (sending it again is safe).',
  })
  @OperationScope(SCOPES.issuerAdmin)
  async updateIssuer(
    @Arg('input', () => UpdateIssuerInput, { validateFn: validateArgument('input') })
    input: UpdateIssuerInput,
    @Ctx() context: GatewayContext,
  ): Promise<UpdateIssuerPayload> {
    assertNotBound(context.caller);
    const issuer = await underArgument('input', () =>
      this.issuers.update(withoutNulls<IssuerChange>(input), context.budget),
    );
    return { issuer: toIssuerType(issuer) };
  }
}
