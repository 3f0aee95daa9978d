import type { IssuerConfiguration } from '../cce/contract-types';
import { parseJson } from '../cce/cce-responses';
import { isThemeColour, isThemePixelSize } from '../cce/issuer-rules';
import type { ContractValidator } from './contract-validator';
import { sandboxErrors } from './sandbox-errors';
import { updatedIssuerProfile, type SandboxIssuer } from './sandbox-issuer';
import type { SandboxResponse } from './sandbox-context';

// Details texts of the contract's UpdateIssuerBadRequestError examples.
const INVALID_HEX = 'The hex code supplied for color preference is invalid';
const INVALID_FONT_SIZE = 'The font size should be in pixel format. For example, 15px.';
const NULL_FONT = 'The font type in request cannot be null.';
const INVALID_RANGE =
  'Each value in supportedAccountRange must be numeric and size should be between 4 and 8';

/**
 * The theme rules the contract's examples show: keys ending in Color hold `#RRGGBB`, keys ending in
 * FontSize `<n>px`, keys ending in FontType a non-empty name. Other keys only need to be strings.
 */
export function themeViolations(theme: unknown): string[] {
  if (typeof theme !== 'object' || theme === null || Array.isArray(theme)) return [];
  const violations = new Set<string>();
  for (const [key, value] of Object.entries(theme as Record<string, unknown>)) {
    if (key.endsWith('Color') && !(typeof value === 'string' && isThemeColour(value)))
      violations.add(INVALID_HEX);
    if (key.endsWith('FontSize') && !(typeof value === 'string' && isThemePixelSize(value)))
      violations.add(INVALID_FONT_SIZE);
    if (key.endsWith('FontType') && !(typeof value === 'string' && value.trim() !== ''))
      violations.add(NULL_FONT);
  }
  return [...violations];
}

/**
 * PUT /issuers: plain JSON; only the fields given change (the theme key by key); the range is
 * stored without its spaces. Answers the updated IssuerProfile.
 */
export function handleUpdateIssuer(
  context: { issuer: SandboxIssuer; consumerKey: string; validator: ContractValidator },
  rawBody: string,
): SandboxResponse {
  if (rawBody.trim() === '') return sandboxErrors.requestBodyMissing();
  const configuration = parseJson(rawBody);
  if (configuration === undefined) return sandboxErrors.invalidParameters(['Request body is not valid JSON']);

  const preferredTheme = (configuration as { preferredTheme?: unknown } | null)?.preferredTheme;
  const themeProblems = themeViolations(preferredTheme);
  if (themeProblems.length > 0) return sandboxErrors.invalidParameters(themeProblems);
  const violations = context.validator.validateSchema('IssuerConfiguration', configuration);
  if (violations.length > 0) {
    return sandboxErrors.invalidParameters(
      violations.map((v) => (v.field === 'supportedAccountRange' ? INVALID_RANGE : v.message)),
    );
  }

  applyConfiguration(context.issuer, configuration as IssuerConfiguration);
  return { status: 200, body: updatedIssuerProfile(context.issuer, context.consumerKey) };
}

function applyConfiguration(issuer: SandboxIssuer, configuration: IssuerConfiguration): void {
  const { supportedAccountRange, termsAndConditionURL, privacyNoticeURL, optOutURL, preferredTheme } =
    configuration;
  if (supportedAccountRange !== undefined)
    issuer.supportedAccountRange = supportedAccountRange.replace(/\s+/g, '');
  if (termsAndConditionURL !== undefined) issuer.termsAndConditionURL = termsAndConditionURL;
  if (privacyNoticeURL !== undefined) issuer.privacyNoticeURL = privacyNoticeURL;
  if (optOutURL !== undefined) issuer.optOutURL = optOutURL;
  if (preferredTheme !== undefined) issuer.preferredTheme = { ...issuer.preferredTheme, ...preferredTheme };
}
