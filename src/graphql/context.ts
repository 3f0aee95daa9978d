import DataLoader from 'dataloader';
import type { Logger } from 'pino';
import { UnauthenticatedError } from '../auth/auth-errors';
import type { Authenticator } from '../auth/authenticator';
import { callerKey, type Caller } from '../auth/caller';
import type { CarbonScore } from '../carbon/carbon-score';
import type { CarbonScoreService, CceReadAllowance, ScoredUser } from '../carbon/carbon-score-service';
import type { Dashboard, DashboardRequest, DashboardService } from '../carbon/dashboard-service';
import type { GraphQLExchange } from '../http/graphql-exchange';
import { requestBudget } from '../http/request-budget';
import type { CallerRateLimiter } from '../limits/rate-limiter';
import type { RequestBudget } from '../users/request-budget';
import type { User } from '../users/user';
import type { UserFilter } from '../users/user-page';
import type { UserQueryService } from '../users/user-query-service';
import { toGraphQLError } from './error-mapping';

/** Built once per GraphQL request from the request itself: loaders are never shared between requests. */
export interface GatewayContext {
  readonly requestId: string;
  /** Verified once, here; every resolver and plugin reads it from the context. */
  readonly caller: Caller;
  /** The request's logger (request id, trace ids, caller), made on first use. */
  readonly logger: () => Logger;
  readonly userById: DataLoader<string, User | null>;
  /** One count per distinct filter, however many aliases ask for `totalCount`. */
  readonly userCount: DataLoader<UserFilter, number, string>;
  /** Checked before every CCE call (see RequestBudget). */
  readonly budget: RequestBudget;
  /** One batch per request: cached scores in one query, CCE for the rest with bounded concurrency. */
  readonly carbonScores: DataLoader<ScoredUser, CarbonScore | null, string>;
  /** Aliases asking for the same dashboard share one CCE call; nothing outlives the request. */
  readonly dashboards: DataLoader<DashboardRequest, Dashboard, string>;
}

export interface ContextDependencies {
  queries: UserQueryService;
  carbonScores: CarbonScoreService;
  dashboards: DashboardService;
  authenticator: Authenticator;
  rateLimiter: CallerRateLimiter;
  logger: Logger;
  /** REQUEST_BUDGET_MS: a request older than this is not sent to CCE. */
  requestBudgetMs: number;
}

export function contextFactory({
  queries,
  carbonScores,
  dashboards,
  authenticator,
  rateLimiter,
  logger,
  requestBudgetMs,
}: ContextDependencies) {
  return async ({ request, response, requestId, traceIds }: GraphQLExchange): Promise<GatewayContext> => {
    let caller: Caller;
    try {
      caller = await authenticator.authenticate(request.headers.authorization);
    } catch (error) {
      if (!(error instanceof UnauthenticatedError)) throw error;
      // A flood of bad tokens from one address is answered 429 (and logged no more) once its budget is spent.
      // The peer's address: no proxy's X-Forwarded-For is trusted.
      await rateLimiter
        .consume('unauthenticated', request.socket.remoteAddress ?? 'unknown')
        .catch((limited: Error) => {
          throw toGraphQLError(limited);
        });
      // The client learns only UNAUTHENTICATED; why is for the operator.
      logger.warn({ requestId, reason: error.reason }, 'authentication failed');
      throw toGraphQLError(error);
    }
    const budget = requestBudget(response, requestBudgetMs);
    // Every CCE read (a score not cached, a dashboard) spends the caller's cceReads budget.
    const cceReads: CceReadAllowance = {
      budget,
      spend: (calls) => rateLimiter.consumeUpTo('cceReads', callerKey(caller), calls),
    };
    let requestLogger: Logger | undefined;
    return {
      requestId,
      caller,
      budget,
      // Made when first asked for: below the operation line's level (LOG_LEVEL=warn) a request logs
      // nothing. A function, not a getter: Apollo copies the context, which would call a getter.
      // With tracing on, every line of the request (the operation line too) carries its trace id.
      logger: () =>
        (requestLogger ??= logger.child({
          requestId,
          ...traceIds,
          caller: { sub: caller.subject, clientId: caller.clientId },
        })),
      userById: new DataLoader((ids: readonly string[]) => queries.byIds(ids), { maxBatchSize: 1000 }),
      userCount: new DataLoader(
        (filters: readonly UserFilter[]) => Promise.all(filters.map((filter) => queries.count(filter))),
        { cacheKeyFn: (filter) => JSON.stringify(filter) },
      ),
      carbonScores: new DataLoader((users: readonly ScoredUser[]) => carbonScores.scores(users, cceReads), {
        cacheKeyFn: (user) => user.id,
        maxBatchSize: 1000,
      }),
      dashboards: new DataLoader(
        (requests: readonly DashboardRequest[]) => dashboards.many(requests, cceReads),
        { cacheKeyFn: (request) => `${request.userId}:${request.lang ?? ''}` },
      ),
    };
  };
}
