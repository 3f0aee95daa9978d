import type { CcePort } from '../cce/cce-port';
import type { CceReadAllowance } from './carbon-score-service';
import { mapWithConcurrency } from './map-with-concurrency';

import type { DashboardLanguageCode } from '../cce/dashboard-languages';

/** One dashboard a request asks for. */
export interface DashboardRequest {
  readonly userId: string;
  readonly lang?: DashboardLanguageCode;
}

/** A short-lived dashboard URL. It carries a bearer token: never logged, never stored. */
export interface Dashboard {
  readonly url: string;
  readonly expiresAt: Date;
}

/**
 * A user's dashboard from CCE (GET .../dashboards, the answer decrypted by the CCE client). Not
 * cached beyond the request: each answer is a fresh credential, and the cache must not hold one.
 */
export class DashboardService {
  constructor(
    private readonly deps: {
      cce: CcePort;
      clock: () => Date;
      /** CCE_READ_CONCURRENCY: dashboards one request may be fetching at once. */
      concurrency: number;
    },
  ) {}

  /** A request's dashboards, at most `concurrency` CCE calls at once; a failure is that dashboard's own. */
  many(requests: readonly DashboardRequest[], allowance: CceReadAllowance): Promise<(Dashboard | Error)[]> {
    return mapWithConcurrency(requests, this.deps.concurrency, (request) =>
      this.dashboard(request.userId, request.lang, allowance),
    );
  }

  async dashboard(
    userId: string,
    lang: DashboardLanguageCode | undefined,
    allowance: CceReadAllowance,
  ): Promise<Dashboard> {
    const { cce, clock } = this.deps;
    allowance.budget.assertTimeLeft(cce.callDeadlineMs);
    const { granted, refusal } = await allowance.spend(1);
    if (granted < 1) throw refusal ?? new Error('not allowed');
    const asked = clock();
    const answer = await cce.getDashboard(userId, lang);
    // Counted from before the call: the URL never outlives the expiry the client is told.
    return { url: answer.url, expiresAt: new Date(asked.getTime() + Number(answer.expiryInMillis)) };
  }
}
