import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import type { ValidationError } from 'class-validator';
import { ArgumentValidationError } from 'type-graphql';
import { CceApiError, CceUnavailableError, type CceEndpoint, type CceOutcome } from '../cce/cce-errors';
import { isDatabaseUnavailable } from '../database/database-errors';
import { redactCardNumbers } from '../security/redact-card-numbers';
import { RequestBudgetExceededError } from '../users/request-budget';
import { flattenValidationErrors } from './validation/validate-argument';
import {
  CardNotSupportedError,
  DuplicateCardError,
  InvalidInputError,
  IssuerProfileUnknownError,
  type FieldProblem,
} from '../users/user-errors';

export type GatewayErrorCode =
  | 'BAD_USER_INPUT'
  | 'DUPLICATE_CARD'
  | 'CARD_NOT_SUPPORTED'
  | 'UPSTREAM_REJECTED'
  | 'UPSTREAM_UNAVAILABLE'
  | 'REQUEST_TIMEOUT'
  | 'DATABASE_UNAVAILABLE'
  | 'INTERNAL_SERVER_ERROR';

export interface MappedError {
  code: GatewayErrorCode;
  message: string;
  extensions?: Record<string, unknown>;
}

/** The one place where a domain or upstream failure becomes a GraphQL error code. */
export function mapError(error: unknown): MappedError | null {
  // Arguments without validateArgument (none today) still get type-graphql's validation.
  if (error instanceof ArgumentValidationError) {
    return badInput(flattenValidationErrors(error.extensions.validationErrors as ValidationError[], ''));
  }
  if (error instanceof InvalidInputError) return badInput(error.problems);
  if (error instanceof DuplicateCardError) return { code: 'DUPLICATE_CARD', message: error.message };
  if (error instanceof CardNotSupportedError) return { code: 'CARD_NOT_SUPPORTED', message: error.message };
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
      extensions: { reasonCode: error.reasonCode, recoverable: error.recoverable, outcome: error.outcome },
    };
  }
  return null;
}

/** What a failed CCE call means for the caller, per operation: enrolling and deleting differ. */
const UPSTREAM_MESSAGES: Record<CceEndpoint, Record<CceOutcome, string>> = {
  enrollUser: {
    SENT_REJECTED: 'CCE failed to process the enrollment; nothing was enrolled. Try again later.',
    NOT_SENT: 'CCE is unavailable; the enrollment was not sent and nothing changed. Try again later.',
    // SECURITY.md: never retry an enrollment blindly. The intent is kept for operators.
    UNKNOWN:
      'CCE gave no usable answer, so whether it enrolled the card is unknown. The enrollment is kept as ' +
      'OUTCOME_UNKNOWN for an operator to resolve; until then this card is refused as DUPLICATE_CARD.',
  },
  deleteUsers: {
    SENT_REJECTED: 'CCE failed to process the deletion; nothing was deleted. Try again later.',
    NOT_SENT: 'CCE is unavailable; the deletion was not sent and nothing changed. Try again later.',
    UNKNOWN:
      'CCE gave no usable answer, so these users may or may not be deleted. Deleting them again is safe.',
  },
  getIssuer: {
    SENT_REJECTED: 'CCE failed to answer the issuer profile. Try again later.',
    NOT_SENT: 'CCE is unavailable; the issuer profile was not requested. Try again later.',
    UNKNOWN: 'CCE gave no usable answer for the issuer profile. Try again later.',
  },
};

function upstreamMessage(endpoint: CceEndpoint, outcome: CceOutcome): string {
  return UPSTREAM_MESSAGES[endpoint][outcome];
}

function badInput(problems: readonly FieldProblem[]): MappedError {
  return {
    code: 'BAD_USER_INPUT',
    message: `Invalid input: ${problems.map((problem) => problem.path).join(', ')}`,
    // Paths and rule messages only: submitted values (the card number above all) are never echoed.
    extensions: { fields: problems.map(({ path, message }) => ({ path, message })) },
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
  const mapped = mapError(original);
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
