import type { UpdateUserProfile, UserReference } from '../cce/contract-types';
import { parseJson } from '../cce/cce-responses';
import { monthlyCarbonScore } from './carbon-score';
import { DASHBOARD_LANGUAGES } from '../cce/dashboard-languages';
import { dashboardLanguage, newDashboard } from './dashboard-response';
import type { SandboxContext, SandboxRequest, SandboxResponse } from './sandbox-context';
import { sandboxErrors, type SandboxErrorResponse } from './sandbox-errors';
import { decryptRequest } from './sandbox-handlers';

// The endpoints under /issuers/users/{userid}. The id is checked first (400), then what the
// operation needs, and the user's existence last (404), as the contract lists its refusals.

/** The contract's UserID: 36 characters of hex digits and dashes (the InvalidUserIdError example's text). */
function userIdRefusal(userId: string): SandboxErrorResponse | undefined {
  if (userId.length !== 36) return sandboxErrors.invalidParameters(['UserId should be of size 36']);
  if (!/^[0-9A-Fa-f-]{36}$/.test(userId))
    return sandboxErrors.invalidParameters(['userId must match "^[0-9A-Fa-f\\-]{36}"']);
  return undefined;
}

/**
 * PUT /issuers/users/{userid}: an encrypted UpdateUserProfile that replaces name, locale and billing
 * address. Only issuers with the Donate feature may update (401 UPDATE_USER_NOT_ACCESSIBLE otherwise).
 */
export function handleUpdateUser(context: SandboxContext, request: SandboxRequest): SandboxResponse {
  const userId = request.params.userid ?? '';
  const badId = userIdRefusal(userId);
  if (badId) return badId;
  if (!context.issuer.donate) return sandboxErrors.updateUserNotAccessible();

  const envelope = parseJson(request.body);
  if (envelope === undefined)
    return sandboxErrors.invalidParameters(['Required request body is missing or is not JSON']);
  const decrypted = decryptRequest(context, envelope);
  if (!decrypted.ok) return decrypted.refusal;
  const violations = context.validator.validateSchema('UpdateUserProfile', decrypted.payload);
  if (violations.length > 0) return sandboxErrors.invalidParameters(violations.map((v) => v.message));

  const updated = context.state.update(userId, decrypted.payload as UpdateUserProfile);
  if (!updated) return sandboxErrors.userNotFound();
  const reference: UserReference = {
    userid: updated.userId,
    cardNumberLastFourDigits: updated.cardLast4,
    status: 'ACTIVE',
  };
  return { status: 200, body: reference };
}

/** GET /issuers/users/{userid}/aggregate-carbon-scores: the current month's synthetic score. */
export function handleCarbonScore(context: SandboxContext, request: SandboxRequest): SandboxResponse {
  const userId = request.params.userid ?? '';
  const badId = userIdRefusal(userId);
  if (badId) return badId;
  if (!context.state.has(userId)) return sandboxErrors.userNotFound();
  return { status: 200, body: monthlyCarbonScore(userId, context.now()) };
}

/**
 * GET /issuers/users/{userid}/dashboards?lang=..: a fresh short-lived URL, encrypted to the client's
 * certificate as Mastercard encrypts it to the issuer's.
 */
export function handleDashboard(context: SandboxContext, request: SandboxRequest): SandboxResponse {
  const userId = request.params.userid ?? '';
  const badId = userIdRefusal(userId);
  if (badId) return badId;
  // The contract is silent on an unknown language: refusing it is the sandbox's choice (README).
  const lang = dashboardLanguage(request.query.get('lang'));
  if (lang === undefined)
    return sandboxErrors.invalidParameters([`lang must be one of ${DASHBOARD_LANGUAGES.join(', ')}`]);
  if (!context.state.has(userId)) return sandboxErrors.userNotFound();
  return { status: 200, body: context.dashboards.encrypt(userId, newDashboard(lang)) };
}
