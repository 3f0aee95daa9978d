/**
 * Attribute names of the gateway's spans that OpenTelemetry's stable conventions do not define. The
 * GraphQL ones are the incubating conventions' names, copied as those conventions recommend.
 */
export const GRAPHQL_OPERATION_TYPE = 'graphql.operation.type';
export const GRAPHQL_OPERATION_NAME = 'graphql.operation.name';
/** The operation's root fields, sorted, e.g. ["user", "users"]. */
export const GRAPHQL_ROOT_FIELDS = 'graphql.operation.root_fields';
/** `success` or the first error code, as in the operation log line and metrics. */
export const GRAPHQL_OUTCOME = 'graphql.outcome';
/** Every distinct `extensions.code` of the response's errors. */
export const GRAPHQL_ERROR_CODES = 'graphql.error.codes';
export const GATEWAY_REQUEST_ID = 'gateway.request_id';
/** The calling application (`client_id`/`azp` of its token); never the token, never the subject. */
export const GATEWAY_CALLER_CLIENT_ID = 'gateway.caller.client_id';
export const CCE_ENDPOINT = 'cce.endpoint';
/** SUCCESS, or the failure's outcome: SENT_REJECTED, NOT_SENT or UNKNOWN. */
export const CCE_OUTCOME = 'cce.outcome';
/** CCE's ReasonCode of a rejection (an enumeration of CCE's, never its free-text description). */
export const CCE_REASON_CODE = 'cce.reason_code';
/** HTTP attempts made, retries included (0 when the circuit breaker refused the call). */
export const CCE_ATTEMPTS = 'cce.attempts';
