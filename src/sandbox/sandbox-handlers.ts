import type { UserProfile, UserReference } from '../cce/contract-types';
import { parseJson } from '../cce/cce-responses';
import { isInAccountRange, parseAccountRange } from '../cce/issuer-rules';
import { donateRuleViolations, expiryViolations } from './enrollment-rules';
import { decryptPayload } from '../cce/payload-decryption';
import { sandboxErrors, type SandboxErrorResponse } from './sandbox-errors';
import type { SandboxContext, SandboxResponse } from './sandbox-context';
import { issuerProfile } from './sandbox-issuer';

export type { SandboxContext, SandboxResponse } from './sandbox-context';

export function handleGetIssuer(context: SandboxContext): SandboxResponse {
  return { status: 200, body: issuerProfile(context.issuer, context.consumerKey) };
}

/** POST /issuers/users: decrypt, validate (schema, Donate, expiry, BIN), refuse duplicates, enroll. */
export function handleEnrollment(context: SandboxContext, rawBody: string): SandboxResponse {
  const envelope = parseJson(rawBody);
  if (envelope === undefined)
    return sandboxErrors.invalidParameters(['Required request body is missing or is not JSON']);

  const decrypted = decryptRequest(context, envelope);
  if (!decrypted.ok) return decrypted.refusal;

  const violations = context.validator.validateSchema('UserProfile', decrypted.payload).map((v) => v.message);
  if (violations.length > 0) return sandboxErrors.invalidParameters(violations);
  const profile = decrypted.payload as UserProfile;

  const ruleViolations = [
    ...(context.issuer.donate ? donateRuleViolations(profile) : []),
    ...expiryViolations(profile.expiryInfo, context.now()),
  ];
  if (ruleViolations.length > 0) return sandboxErrors.invalidParameters(ruleViolations);

  if (!isInAccountRange(profile.cardNumber, parseAccountRange(context.issuer.supportedAccountRange))) {
    return sandboxErrors.cardNotSupported();
  }

  const enrolled = context.state.enroll(profile.cardNumber, context.now(), profile);
  if ('duplicate' in enrolled) return sandboxErrors.cardAlreadyEnrolled();
  const reference: UserReference = {
    userid: enrolled.userId,
    cardNumberLastFourDigits: profile.cardNumber.slice(-4),
    status: 'ACTIVE',
  };
  return { status: 200, body: reference };
}

/** Opens an encrypted request body, or says how CCE refuses it (length, or CRYPTO_ERROR). */
export function decryptRequest(
  context: SandboxContext,
  envelope: unknown,
): { ok: true; payload: unknown } | { ok: false; refusal: SandboxErrorResponse } {
  const decrypted = decryptPayload(envelope, context.decryptionKey, context.encryptionFingerprint);
  if (decrypted.ok) return decrypted;
  return {
    ok: false,
    refusal:
      decrypted.failure === 'encrypted-data-length'
        ? sandboxErrors.invalidParameters(['encryptedData size must be between 128 and 54000'])
        : sandboxErrors.cryptoError(),
  };
}

/** POST /issuers/user-deletions: 1..500 well-formed ids; answers 202 with the ids it deleted. */
export function handleDeletion(context: SandboxContext, rawBody: string): SandboxResponse {
  const userIds = parseJson(rawBody);
  if (userIds === undefined)
    return sandboxErrors.invalidParameters(['Required request body is missing or is not JSON']);

  if (Array.isArray(userIds) && (userIds.length < 1 || userIds.length > 500)) {
    return sandboxErrors.invalidParameters(
      ['Request body should have at least 1 or not more than 500 userIds'],
      true,
    );
  }
  const violations = context.validator.validateRequestBody('UserIDs', userIds);
  if (violations.length > 0) return malformedUserIds(violations.map((v) => v.field));

  return { status: 202, body: context.state.delete(userIds as string[]) };
}

function malformedUserIds(fields: string[]): SandboxErrorResponse {
  const positions = [...new Set(fields)].filter((field) => /^\d+$/.test(field));
  if (positions.length === 0)
    return sandboxErrors.invalidParameters(['Request body must be an array of userIds']);
  return sandboxErrors.invalidParameters(
    positions.map((position) => `userId at position ${position} must match "^[0-9A-Fa-f\\-]{36}"`),
  );
}
