import { HeaderMap } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { ValidationError } from 'class-validator';
import { ArgumentValidationError, AuthenticationError, AuthorizationError } from 'type-graphql';
import { MissingScopeError, UnauthenticatedError, UserBindingError } from '../auth/auth-errors';
import { CceApiError, CceDecryptionKeyMissingError, CceUnavailableError } from '../cce/cce-errors';
import { isDatabaseUnavailable } from '../database/database-errors';
import { QueryLimitError, RateLimitedError, UntrustedOperationError } from '../limits/limit-errors';
import { redactCardNumbers } from '../security/redact-card-numbers';
import { RequestBudgetExceededError } from '../users/request-budget';
import { upstreamMessage } from './upstream-messages';
import { flattenValidationErrors } from './validation/validate-argument';
import {
  CardNotSupportedError,
  DuplicateCardError,
  InvalidInputError,
  IssuerProfileUnknownError,
  UpdateInProgressError,
  UpdateNotAccessibleError,
  UpdateNotRecordedError,
  UserNotFoundError,
  type FieldProblem,
} from '../users/user-errors';

export type GatewayErrorCode =
  | 'BAD_USER_INPUT'
  | 'DUPLICATE_CARD'
  | 'CARD_NOT_SUPPORTED'
  | 'USER_NOT_FOUND'
  | 'UPDATE_USER_NOT_ACCESSIBLE'
  | 'UPDATE_IN_PROGRESS'
  | 'UPDATE_NOT_RECORDED'
  | 'NOT_CONFIGURED'
  | 'UPSTREAM_REJECTED'
  | 'UPSTREAM_UNAVAILABLE'
  | 'REQUEST_TIMEOUT'
  | 'DATABASE_UNAVAILABLE'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'QUERY_LIMIT_EXCEEDED'
  | 'RATE_LIMITED'
  | 'OPERATION_NOT_TRUSTED'
  | 'INTERNAL_SERVER_ERROR';

export interface MappedError {
  code: GatewayErrorCode;
  message: string;
  extensions?: Record<string, unknown>;
  /** For errors raised before execution, which decide the HTTP answer. */
  http?: { status: number; headers?: Record<string, string> };
}

/** The one place where a domain or upstream failure becomes a GraphQL error code. */
export function mapError(error: unknown): MappedError | null {
  const callerError = mapCallerError(error);
  if (callerError) return callerError;
  // Arguments without validateArgument (none today) still get type-graphql's validation.
  if (error instanceof ArgumentValidationError) {
    return badInput(flattenValidationErrors(error.extensions.validationErrors as ValidationError[], ''));
  }
  if (error instanceof InvalidInputError) return badInput(error.problems);
  if (error instanceof DuplicateCardError) return { code: 'DUPLICATE_CARD', message: error.message };
  if (error instanceof CardNotSupportedError) return { code: 'CARD_NOT_SUPPORTED', message: error.message };
  if (error instanceof UserNotFoundError) return { code: 'USER_NOT_FOUND', message: error.message };
  if (error instanceof UpdateNotAccessibleError) {
    return {
      code: 'UPDATE_USER_NOT_ACCESSIBLE',
      message: error.message,
      extensions: { outcome: 'SENT_REJECTED' },
    };
  }
  if (error instanceof UpdateInProgressError) {
    return { code: 'UPDATE_IN_PROGRESS', message: error.message, extensions: { outcome: 'NOT_SENT' } };
  }
  if (error instanceof UpdateNotRecordedError) {
    return { code: 'UPDATE_NOT_RECORDED', message: error.message, extensions: { outcome: 'APPLIED' } };
  }
  if (error instanceof CceDecryptionKeyMissingError) {
    return { code: 'NOT_CONFIGURED', message: error.message, extensions: { outcome: 'NOT_SENT' } };
  }
  if (error instanceof IssuerProfileUnknownError) {
    return { code: 'UPSTREAM_UNAVAILABLE', message: error.message, extensions: { outcome: 'NOT_SENT' } };
  }
  if (error instanceof RequestBudgetExceededError) {
    return { code: 'REQUEST_TIMEOUT', message: error.message, extensions: { outcome: 'NOT_SENT' } };
  }
  if (isDatabaseUnavailable(error)) {
    return {
      code: 'DATABASE_UNAVAILABLE',
      message: "The gateway's database did not answer in time. Try again later.",
    };
  }
  if (error instanceof CceUnavailableError) {
    return {
      code: 'UPSTREAM_UNAVAILABLE',
      message: upstreamMessage(error.endpoint, error.outcome),
      extensions: { outcome: error.outcome },
    };
  }
  if (error instanceof CceApiError) {
    const unavailable = error.status >= 500;
    return {
      code: unavailable ? 'UPSTREAM_UNAVAILABLE' : 'UPSTREAM_REJECTED',
      message: unavailable ? upstreamMessage(error.endpoint, error.outcome) : 'CCE rejected the request.',
      extensions: {
        reasonCode: clientReasonCode(error.reasonCode),
        recoverable: error.recoverable,
        outcome: error.outcome,
      },
    };
  }
  return null;
}

/** Authentication, authorization and abuse limits: who may ask, and how much. */
function mapCallerError(error: unknown): MappedError | null {
  if (error instanceof UnauthenticatedError || error instanceof AuthenticationError) {
    // Never why (expired, wrong issuer...): the reason is logged where the token was verified.
    return {
      code: 'UNAUTHENTICATED',
      message: 'Authentication required: send a valid bearer token',
      http: { status: 401, headers: { 'www-authenticate': 'Bearer' } },
    };
  }
  if (error instanceof MissingScopeError) {
    return {
      code: 'FORBIDDEN',
      message: `Missing scope: ${error.scopes.join(', ')}`,
      extensions: { requiredScopes: error.scopes },
      http: { status: 403 },
    };
  }
  if (error instanceof UserBindingError) {
    return { code: 'FORBIDDEN', message: error.message, http: { status: 403 } };
  }
  if (error instanceof AuthorizationError) return { code: 'FORBIDDEN', message: 'Not allowed' };
  if (error instanceof QueryLimitError) {
    return {
      code: 'QUERY_LIMIT_EXCEEDED',
      message: error.message,
      extensions: { limit: error.limit, maximum: error.maximum },
      http: { status: 400 },
    };
  }
  if (error instanceof RateLimitedError) {
    return {
      code: 'RATE_LIMITED',
      message: error.message,
      extensions: { budget: error.budget, retryAfterSeconds: error.retryAfterSeconds },
      http: { status: 429, headers: { 'retry-after': String(error.retryAfterSeconds) } },
    };
  }
  if (error instanceof UntrustedOperationError) {
    return { code: 'OPERATION_NOT_TRUSTED', message: error.message, http: { status: 400 } };
  }
  return null;
}

/**
 * A typed error as a GraphQLError Apollo can answer with before execution (context creation,
 * validation, didResolveOperation): code, extensions and HTTP status from the mapping above.
 */
export function toGraphQLError(error: Error): GraphQLError {
  const mapped = mapError(error);
  if (!mapped) return new GraphQLError('Internal server error', { originalError: error });
  const http = mapped.http && {
    status: mapped.http.status,
    headers: new HeaderMap(Object.entries(mapped.http.headers ?? {})),
  };
  return new GraphQLError(mapped.message, {
    originalError: error,
    extensions: { code: mapped.code, ...mapped.extensions, ...(http ? { http } : {}) },
  });
}

const REASON_CODE = /^[A-Z0-9_]{1,64}$/;

/**
 * CCE's ReasonCode reaches clients only when it is a plain code that holds nothing card-shaped
 * (`INVALID_CARD_5106655448627995` is a plain code): anything else is `UNKNOWN`. CCE's free-text
 * descriptions never reach clients at all.
 */
export function clientReasonCode(reasonCode: string): string {
  return REASON_CODE.test(reasonCode) && redactCardNumbers(reasonCode) === reasonCode
    ? reasonCode
    : 'UNKNOWN';
}

function badInput(problems: readonly FieldProblem[]): MappedError {
  return {
    code: 'BAD_USER_INPUT',
    message: `Invalid input: ${problems.map((problem) => problem.path).join(', ')}`,
    // Paths and rule messages only: submitted values (the card number above all) are never echoed.
    extensions: { fields: problems.map(({ path, message }) => ({ path, message })) },
    http: { status: 400 },
  };
}

/**
 * Apollo's formatError: typed errors get their code, GraphQL's own errors (syntax, unknown
 * fields, variable coercion) pass with card numbers redacted, anything else is masked.
 */
export function formatError(
  formatted: GraphQLFormattedError,
  error: unknown,
  onUnexpected: (error: unknown) => void,
): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  // Errors raised before execution arrive wrapped by Apollo (validation, context creation).
  const mapped =
    mapError(original) ?? (original instanceof GraphQLError ? mapError(original.originalError) : null);
  const base = { locations: formatted.locations, path: formatted.path };
  if (mapped) {
    return { ...base, message: mapped.message, extensions: { code: mapped.code, ...mapped.extensions } };
  }
  const code = formatted.extensions?.code;
  if (original === error && typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR') {
    return { ...base, message: redactCardNumbers(formatted.message), extensions: { code } };
  }
  onUnexpected(original);
  return { ...base, message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}
