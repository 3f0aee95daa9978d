import { percentile } from './report';
import { request } from 'undici';
import { anEnrollment } from '../test/support/builders';

const ENROLL = 'mutation Enroll($input: EnrollUserInput!) { enrollUser(input: $input) { user { id } } }';
const LIST = '{ users(first: 20) { totalCount edges { node { id cardLast4 } } } }';
const ONE = 'query One($id: ID!) { user(id: $id) { id status } }';
const DELETE =
  'mutation Delete($ids: [ID!]!) { deleteUsers(ids: $ids) { acceptedIds notFoundIds failures { id outcome } } }';

/** Outcomes by code ("success", a GraphQL error code, HTTP_<status> or NETWORK) and latencies. */
export class TrafficStats {
  readonly outcomes = new Map<string, number>();
  readonly latenciesMs: number[] = [];

  record(outcome: string, ms: number): void {
    this.outcomes.set(outcome, (this.outcomes.get(outcome) ?? 0) + 1);
    this.latenciesMs.push(ms);
  }

  get total(): number {
    return this.latenciesMs.length;
  }

  percentile(p: number): number {
    return percentile(this.latenciesMs, p);
  }
}

interface Body {
  data?: Record<string, { user?: { id: string } } | null> | null;
  errors?: { extensions?: { code?: string; outcome?: string } }[];
}

/**
 * Mixed traffic until `until`: listing (45 %), lookups (15 %), enrollments (30 %), deletions (10 %),
 * from `workers` loops, each waiting for its answer before the next request.
 */
export async function runTraffic(
  url: string,
  workers: number,
  until: number,
  stats: TrafficStats,
): Promise<void> {
  const enrolled: string[] = [];
  const send = async (query: string, variables: Record<string, unknown>): Promise<Body | undefined> => {
    const started = performance.now();
    try {
      const response = await request(`${url}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
        headersTimeout: 30_000,
        bodyTimeout: 30_000,
      });
      const body = (await response.body.json()) as Body;
      const extensions = body.errors?.[0]?.extensions;
      const code = extensions?.outcome ? `${extensions.code} (${extensions.outcome})` : extensions?.code;
      stats.record(
        response.statusCode !== 200 && !code ? `HTTP_${response.statusCode}` : (code ?? 'success'),
        performance.now() - started,
      );
      return body;
    } catch {
      stats.record('NETWORK', performance.now() - started);
      return undefined;
    }
  };
  const worker = async () => {
    while (Date.now() < until) {
      const dice = Math.random();
      if (dice < 0.45) await send(LIST, {});
      else if (dice < 0.6 && enrolled.length > 0) await send(ONE, { id: pick(enrolled) });
      else if (dice < 0.9 || enrolled.length === 0) {
        const body = await send(ENROLL, { input: anEnrollment() });
        const id = body?.data?.enrollUser?.user?.id;
        if (id) enrolled.push(id);
      } else {
        await send(DELETE, { ids: [enrolled.splice(Math.floor(Math.random() * enrolled.length), 1)[0]] });
      }
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
}

function pick<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)]!;
}
