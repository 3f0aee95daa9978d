import { TrustedDocuments } from '../limits/trusted-documents';
import type { EnvironmentReader } from './config-error';

/** What one GraphQL request may ask for; checked before anything executes. */
export interface QueryLimits {
  readonly maxDepth: number;
  readonly maxAliases: number;
  /** Cost of an operation: fields weighted by the page sizes (`first`) that multiply them. */
  readonly maxCost: number;
  readonly maxTokens: number;
  readonly maxDirectives: number;
  /** Ids one deleteUsers may carry (they still go to CCE in batches of 500). */
  readonly maxDeleteIds: number;
}

/** Per-caller budgets per minute, shared by every instance through the database; 0 turns one off. */
export interface RateLimits {
  readonly queriesPerMinute: number;
  readonly enrollmentsPerMinute: number;
  /** updateUser and updateIssuer: each is a signed CCE call. */
  readonly updatesPerMinute: number;
  readonly deletionsPerMinute: number;
  /** CCE calls made by reads: carbon scores not in the cache, and dashboards. */
  readonly cceReadsPerMinute: number;
  /** Failed authentications per client address: bounds the verification work and log lines of a flood. */
  readonly unauthenticatedPerMinute: number;
}

export interface LimitsConfig {
  readonly query: QueryLimits;
  readonly rate: RateLimits;
  /** Automatic persisted queries: registering documents by hash. Off unless asked for. */
  readonly persistedQueries: boolean;
  /** From a trusted-documents manifest (`npm run codegen` writes one): only its operations are served. */
  readonly trustedDocuments: TrustedDocuments | undefined;
}

// graphql-armor's defaults (depth 6, aliases 15, cost 5000, tokens 1000, directives 50).
export const DEFAULT_QUERY_LIMITS: QueryLimits = {
  maxDepth: 6,
  maxAliases: 15,
  maxCost: 5000,
  maxTokens: 1000,
  maxDirectives: 50,
  maxDeleteIds: 1000,
};

export const DEFAULT_RATE_LIMITS: RateLimits = {
  queriesPerMinute: 600,
  enrollmentsPerMinute: 60,
  updatesPerMinute: 60,
  deletionsPerMinute: 10,
  cceReadsPerMinute: 600,
  unauthenticatedPerMinute: 60,
};

export function readLimitsConfig(env: EnvironmentReader): LimitsConfig {
  const limit = (name: string, fallback: number, max: number) => env.integer(name, fallback, 1, max);
  const budget = (name: string, fallback: number) => env.integer(name, fallback, 0, 1_000_000);
  const d = DEFAULT_QUERY_LIMITS;
  return {
    query: {
      maxDepth: limit('GRAPHQL_MAX_DEPTH', d.maxDepth, 50),
      maxAliases: limit('GRAPHQL_MAX_ALIASES', d.maxAliases, 1000),
      maxCost: limit('GRAPHQL_MAX_COST', d.maxCost, 1_000_000),
      maxTokens: limit('GRAPHQL_MAX_TOKENS', d.maxTokens, 100_000),
      maxDirectives: limit('GRAPHQL_MAX_DIRECTIVES', d.maxDirectives, 1000),
      maxDeleteIds: limit('DELETE_USERS_MAX_IDS', d.maxDeleteIds, 20_000),
    },
    rate: {
      queriesPerMinute: budget('RATE_LIMIT_QUERIES_PER_MINUTE', DEFAULT_RATE_LIMITS.queriesPerMinute),
      enrollmentsPerMinute: budget(
        'RATE_LIMIT_ENROLLMENTS_PER_MINUTE',
        DEFAULT_RATE_LIMITS.enrollmentsPerMinute,
      ),
      updatesPerMinute: budget('RATE_LIMIT_UPDATES_PER_MINUTE', DEFAULT_RATE_LIMITS.updatesPerMinute),
      deletionsPerMinute: budget('RATE_LIMIT_DELETIONS_PER_MINUTE', DEFAULT_RATE_LIMITS.deletionsPerMinute),
      cceReadsPerMinute: budget('RATE_LIMIT_CCE_READS_PER_MINUTE', DEFAULT_RATE_LIMITS.cceReadsPerMinute),
      unauthenticatedPerMinute: budget(
        'RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE',
        DEFAULT_RATE_LIMITS.unauthenticatedPerMinute,
      ),
    },
    persistedQueries: env.boolean('GRAPHQL_PERSISTED_QUERIES', false),
    trustedDocuments: readTrustedDocuments(env),
  };
}

function readTrustedDocuments(env: EnvironmentReader): TrustedDocuments | undefined {
  const file = env.optional('GRAPHQL_TRUSTED_DOCUMENTS');
  if (file === undefined) return undefined;
  try {
    return TrustedDocuments.fromFile(file);
  } catch {
    env.problem(`GRAPHQL_TRUSTED_DOCUMENTS: cannot read an apollo-persisted-query-manifest from ${file}`);
    return undefined;
  }
}
