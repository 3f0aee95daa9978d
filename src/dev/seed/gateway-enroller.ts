import { request } from 'undici';
import type { EnrollAnswer } from './seed-run';
import type { SeedEnrollment } from './seed-profiles';

const ENROLL =
  'mutation SeedEnrollUser($input: EnrollUserInput!) { enrollUser(input: $input) { user { id } } }';

/** Codes that every later enrollment would get too: the run stops instead of repeating them. */
const FATAL_CODES = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'OPERATION_NOT_TRUSTED',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'QUERY_LIMIT_EXCEEDED',
  'METHOD_NOT_ALLOWED',
  'NOT_FOUND',
]);

interface GraphQLAnswer {
  data?: { enrollUser?: { user?: { id?: string } | null } | null } | null;
  errors?: {
    extensions?: { code?: string; reasonCode?: string; retryAfterSeconds?: number; budget?: string };
  }[];
}

/** enrollUser over HTTP, as any client of the gateway sends it. */
export function gatewayEnroller(
  url: string,
  authorization: string,
): (input: SeedEnrollment) => Promise<EnrollAnswer> {
  return async (input) => {
    let status: number;
    let text: string;
    try {
      const response = await request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        body: JSON.stringify({ query: ENROLL, variables: { input } }),
        headersTimeout: 60_000,
        bodyTimeout: 60_000,
      });
      status = response.statusCode;
      text = await response.body.text();
    } catch (error) {
      const code = (error as { code?: string }).code ?? (error as Error).name;
      return {
        kind: 'fatal',
        reason: `cannot reach the gateway at ${url} (${code}): is npm run dev running?`,
      };
    }
    let answer: GraphQLAnswer;
    try {
      answer = JSON.parse(text) as GraphQLAnswer;
    } catch {
      return { kind: 'refused', reason: `HTTP ${status}` };
    }
    if (answer.data?.enrollUser?.user?.id) return { kind: 'enrolled' };
    const extensions = answer.errors?.[0]?.extensions ?? {};
    const code = extensions.code ?? `HTTP ${status}`;
    if (code === 'RATE_LIMITED') {
      return {
        kind: 'rate-limited',
        retryAfterSeconds: extensions.retryAfterSeconds ?? 60,
        budget: extensions.budget ?? 'enrollments',
      };
    }
    if (code === 'UNAUTHENTICATED') {
      return {
        kind: 'fatal',
        reason:
          'the gateway refused the token (UNAUTHENTICATED): a dev token is valid for the npm run dev that ' +
          'printed it; pass the current one with --token or GATEWAY_TOKEN',
      };
    }
    if (FATAL_CODES.has(code)) return { kind: 'fatal', reason: `the gateway answered ${code}` };
    return { kind: 'refused', reason: extensions.reasonCode ? `${code} (${extensions.reasonCode})` : code };
  };
}
