import type { ErrorWrapper } from '../cce/contract-types';

export interface SandboxErrorResponse {
  readonly status: number;
  readonly body: ErrorWrapper;
}

const CCE = 'CARBON CALCULATOR EXPERIENCE';
const GATEWAY = 'Gateway';
const INVALID_PARAMETER = 'One of the request parameters is invalid, try again with correct request.';
const DONATE_DISABLED =
  'You do not have permission to access this API. The Donate feature for your bank is disabled.';

function errorResponse(
  status: number,
  source: string,
  reasonCode: string,
  description: string,
  details: string[],
  recoverable = false,
): SandboxErrorResponse {
  const entries = (details.length > 0 ? details : ['']).map((detail) => ({
    Source: source,
    ReasonCode: reasonCode,
    Description: description,
    Recoverable: recoverable,
    Details: detail,
  }));
  return { status, body: { Errors: { Error: entries } } };
}

/**
 * Every error the sandbox answers, with the status, Source and ReasonCode of NOTES.md and the
 * contract's examples. Codes marked "sandbox" are not documented by Mastercard (see README).
 */
export const sandboxErrors = {
  authenticationFailed: (detail: string) =>
    errorResponse(401, GATEWAY, 'AUTHENTICATION_FAILED', 'The request could not be authenticated.', [detail]),
  invalidBodyHash: () =>
    errorResponse(400, GATEWAY, 'INVALID_BODY_HASH', 'The oauth_body_hash does not match the request body.', [
      'oauth_body_hash does not match the request body',
    ]),
  invalidParameters: (details: string[], recoverable = false) =>
    errorResponse(400, CCE, 'INVALID_REQUEST_PARAMETER', INVALID_PARAMETER, details, recoverable),
  cryptoError: () =>
    errorResponse(
      400,
      CCE,
      'CRYPTO_ERROR',
      'We are unable to decipher your request, kindly verify your request before trying again.',
      [''],
    ),
  /** sandbox: CCE refuses a duplicate card with a 400 but documents no ReasonCode for it. */
  cardAlreadyEnrolled: () =>
    errorResponse(400, CCE, 'CARD_ALREADY_ENROLLED', 'This card is already enrolled for the issuer.', [
      'cardNumber is already enrolled',
    ]),
  /** sandbox: the BIN rule's ReasonCode is not documented either. */
  cardNotSupported: () =>
    errorResponse(
      400,
      CCE,
      'CARD_NOT_SUPPORTED',
      "The card is outside the issuer's supported account range.",
      ['cardNumber does not start with a prefix of supportedAccountRange'],
    ),
  issuerNotActive: (status: 'INACTIVE' | 'SUSPENDED' | 'TERMINATED') =>
    errorResponse(
      401,
      CCE,
      `ACCOUNT_${status}`,
      `Your account is ${status.toLowerCase()}; you won't be able to access any service.`,
      [''],
    ),
  unsupportedMediaType: () =>
    errorResponse(
      415,
      CCE,
      'UNSUPPORTED_MEDIA_TYPE',
      'The requested media type is not supported, try again with supported media type.',
      [''],
    ),
  /** The contract's UserNotFoundError example. */
  userNotFound: () =>
    errorResponse(
      404,
      CCE,
      'USER_NOT_FOUND',
      'We cannot find user details for provided userId. Kindly register the user through the enrollment process.',
      ['Make sure the user is enrolled through /issuers/users API endpoint.'],
    ),
  /** The contract's UpdateUserNotAccessible example: updates need the Donate feature. */
  updateUserNotAccessible: () =>
    errorResponse(401, CCE, 'UPDATE_USER_NOT_ACCESSIBLE', DONATE_DISABLED, [DONATE_DISABLED]),
  /** The contract's IssuerEmptyRequestBodyError example, Source included. */
  requestBodyMissing: () =>
    errorResponse(400, 'Carbon-Calculator', 'INVALID_REQUEST_PARAMETER', INVALID_PARAMETER, [
      'Required request body is missing',
    ]),
  /** sandbox: routes outside the contract. */
  notFound: () => errorResponse(404, GATEWAY, 'RESOURCE_NOT_FOUND', 'No such resource in this API.', ['']),
  /** sandbox: what fault injection answers. */
  injectedFault: (status: number, text: { reasonCode?: string; description?: string } = {}) =>
    errorResponse(
      status,
      GATEWAY,
      text.reasonCode ?? 'SANDBOX_INJECTED_FAULT',
      text.description ?? 'Failure injected by the local CCE sandbox.',
      [''],
      true,
    ),
};
