import { Arg, Ctx, Directive, FieldResolver, Resolver, Root } from 'type-graphql';
import { SCOPES } from '../../auth/scopes';
import { assertMayOpenDashboard } from '../../auth/user-binding';
import { reregistrationRequired } from '../../users/donate-reregistration';
import { RequiresScope } from '../auth/requires-scope';
import type { GatewayContext } from '../context';
import { CarbonScoreType, toCarbonScoreType } from '../types/carbon-score-type';
import { DASHBOARD_LANGUAGE_CODES, DashboardLanguage, DashboardType } from '../types/dashboard-type';
import type { User } from '../../users/user';
import { UserType } from '../types/user-type';

/**
 * User fields that need more than the cached document: CCE reads through the request's loaders, and
 * the Donate state. They resolve the same for `users`, `user` and a router's `_entities`.
 *
 * The root is typed as the User interface, not the UserType class: type-graphql copies a class-typed
 * root into a new instance of that class, which would read (and decrypt) every personal field.
 */
@Resolver(() => UserType)
export class UserFieldsResolver {
  constructor(private readonly donateEnabled: boolean) {}

  @FieldResolver(() => Boolean, {
    description:
      'The issuer has Donate on and this user was enrolled (or last updated) without every Donate field: ' +
      'updateUser with name, locale and billingAddress completes the registration.',
  })
  @RequiresScope(SCOPES.read)
  reregistrationRequired(@Root() user: User): boolean {
    return reregistrationRequired(user, this.donateEnabled);
  }

  @FieldResolver(() => CarbonScoreType, {
    nullable: true,
    description:
      "This month's footprint from CCE, cached for CARBON_SCORE_CACHE_SECONDS; PENDING before carbonScoreAvailableAt; " +
      'null for users who are not ACTIVE. A CCE failure is an error on this field only.',
  })
  @RequiresScope(SCOPES.read)
  async carbonScore(@Root() user: User, @Ctx() context: GatewayContext): Promise<CarbonScoreType | null> {
    const score = await context.carbonScores.load(user);
    return score ? toCarbonScoreType(score) : null;
  }

  @FieldResolver(() => DashboardType, {
    nullable: true,
    description:
      "A fresh short-lived URL of the cardholder's CCE dashboard (never cached); null for users who are not " +
      'ACTIVE. Needs users:dashboard, or a token bound to this cardholder.',
  })
  // Not @requiresScopes: a router cannot express "this scope, or a token bound to this user".
  @Directive('@authenticated')
  async dashboard(
    @Root() user: User,
    @Arg('lang', () => DashboardLanguage, { nullable: true, description: "CCE's default when left out." })
    lang: DashboardLanguage | null,
    @Ctx() context: GatewayContext,
  ): Promise<DashboardType | null> {
    assertMayOpenDashboard(context.caller, user.id);
    if (user.status !== 'ACTIVE') return null;
    return context.dashboards.load({
      userId: user.id,
      ...(lang === null ? {} : { lang: DASHBOARD_LANGUAGE_CODES[lang] }),
    });
  }
}
