import DataLoader from 'dataloader';
import type { Logger } from 'pino';
import type { RequestBudget } from '../users/request-budget';
import type { User } from '../users/user';
import type { UserQueryService } from '../users/user-query-service';

/** Built once per GraphQL request: loaders are never shared between requests. */
export interface GatewayContext {
  readonly requestId: string;
  readonly logger: Logger;
  readonly userById: DataLoader<string, User | null>;
  /** Checked before every CCE call (see RequestBudget). */
  readonly budget: RequestBudget;
}

export function contextFactory(queries: UserQueryService, logger: Logger) {
  return (requestId: string, budget: RequestBudget): GatewayContext => {
    return {
      requestId,
      budget,
      logger: logger.child({ requestId }),
      userById: new DataLoader((ids: readonly string[]) => queries.byIds(ids), { maxBatchSize: 1000 }),
    };
  };
}
