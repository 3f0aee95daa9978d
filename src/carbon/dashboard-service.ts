import type { CcePort } from '../cce/cce-port';
import type { CceReadAllowance } from './carbon-score-service';

/** The contract's dashboard languages (the `lang` parameter's description). */
export const DASHBOARD_LANGUAGES = ['en-US', 'es-cr', 'es-cl', 'sv', 'pl-PL'] as const;
export type DashboardLanguageCode = (typeof DASHBOARD_LANGUAGES)[number];

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
  constructor(private readonly deps: { cce: CcePort; clock: () => Date }) {}

  async dashboard(
    userId: string,
    lang: DashboardLanguageCode | undefined,
    allowance: CceReadAllowance,
  ): Promise<Dashboard> {
    const { cce, clock } = this.deps;
    allowance.budget.assertTimeLeft(cce.callDeadlineMs);
    await allowance.spend(1);
    const asked = clock();
    const answer = await cce.getDashboard(userId, lang);
    // Counted from before the call: the URL never outlives the expiry the client is told.
    return { url: answer.url, expiresAt: new Date(asked.getTime() + Number(answer.expiryInMillis)) };
  }
}
