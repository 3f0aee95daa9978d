import { handleUpdateIssuer } from './issuer-configuration';
import type { SandboxContext, SandboxRequest, SandboxResponse } from './sandbox-context';
import { handleDeletion, handleEnrollment, handleGetIssuer } from './sandbox-handlers';
import { handleCarbonScore, handleDashboard, handleUpdateUser } from './user-handlers';

export interface SandboxRoute {
  /** e.g. 'GET /issuers/users/{userid}/dashboards': what callCount and fault injection name. */
  readonly name: string;
  readonly method: 'GET' | 'POST' | 'PUT';
  /** The contract's path, e.g. '/issuers/users/{userid}'. */
  readonly apiPath: string;
  /** Its 200 body is a Mastercard encryption envelope (the contract describes the decrypted body). */
  readonly encryptedResponse: boolean;
  readonly handle: (context: SandboxContext, request: SandboxRequest) => SandboxResponse;
}

function route(
  method: SandboxRoute['method'],
  apiPath: string,
  handle: SandboxRoute['handle'],
  encryptedResponse = false,
): SandboxRoute {
  return { name: `${method} ${apiPath}`, method, apiPath, encryptedResponse, handle };
}

/** Every operation of the contract. */
export const SANDBOX_ROUTES: readonly SandboxRoute[] = [
  route('GET', '/issuers', (context) => handleGetIssuer(context)),
  route('PUT', '/issuers', (context, request) => handleUpdateIssuer(context, request.body)),
  route('POST', '/issuers/users', (context, request) => handleEnrollment(context, request.body)),
  route('PUT', '/issuers/users/{userid}', handleUpdateUser),
  route('GET', '/issuers/users/{userid}/aggregate-carbon-scores', handleCarbonScore),
  route('GET', '/issuers/users/{userid}/dashboards', handleDashboard, true),
  route('POST', '/issuers/user-deletions', (context, request) => handleDeletion(context, request.body)),
];

const PATTERNS = new Map(
  SANDBOX_ROUTES.map((each) => [
    each,
    new RegExp(`^${each.apiPath.replace(/\{(\w+)\}/g, (_, name: string) => `(?<${name}>[^/]+)`)}$`),
  ]),
);

/** The route of a request and its path parameters (percent-decoded), or undefined outside the API. */
export function matchRoute(
  method: string,
  apiPath: string,
): { route: SandboxRoute; params: Record<string, string> } | undefined {
  for (const [candidate, pattern] of PATTERNS) {
    if (candidate.method !== method) continue;
    const match = pattern.exec(apiPath);
    if (!match) continue;
    const params: Record<string, string> = {};
    for (const [name, raw] of Object.entries(match.groups ?? {})) params[name] = decodeSegment(raw);
    return { route: candidate, params };
  }
  return undefined;
}

function decodeSegment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    // Not percent-decodable: left as sent, so the parameter's own check refuses it.
    return raw;
  }
}
