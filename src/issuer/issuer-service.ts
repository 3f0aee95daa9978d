import type { CcePort } from '../cce/cce-port';
import type { IssuerConfiguration } from '../cce/contract-types';
import { RequestBudget } from '../users/request-budget';
import { InvalidInputError, IssuerProfileUnknownError } from '../users/user-errors';
import type { IssuerProfileSnapshot } from './issuer-profile';
import type { IssuerProfileSource } from './issuer-profile-source';
import { themeProblems, type ThemeSetting } from './theme-rules';

/** What updateIssuer may change: CCE's IssuerConfiguration, in the gateway's terms. */
export interface IssuerChange {
  readonly supportedAccountRange?: readonly string[];
  readonly termsAndConditionsUrl?: string;
  readonly privacyNoticeUrl?: string;
  readonly optOutUrl?: string;
  readonly preferredTheme?: readonly ThemeSetting[];
}

/** The issuer as the gateway serves it: CCE's profile and the gateway's own Donate setting. */
export interface IssuerView extends IssuerProfileSnapshot {
  readonly donateEnabled: boolean;
}

/** `issuer` and `updateIssuer`: the profile kept by IssuerProfileSource, changed through PUT /issuers. */
export class IssuerService {
  constructor(private readonly deps: { cce: CcePort; source: IssuerProfileSource; donateEnabled: boolean }) {}

  async profile(): Promise<IssuerView> {
    const snapshot = await this.deps.source.latest();
    if (!snapshot) throw new IssuerProfileUnknownError();
    return { ...snapshot, donateEnabled: this.deps.donateEnabled };
  }

  async update(change: IssuerChange, budget: RequestBudget = RequestBudget.unlimited()): Promise<IssuerView> {
    const configuration = toConfiguration(change);
    budget.assertTimeLeft(this.deps.cce.callDeadlineMs);
    const answer = await this.deps.cce.updateIssuer(configuration);
    const snapshot = await this.deps.source.applyUpdate(answer);
    return { ...snapshot, donateEnabled: this.deps.donateEnabled };
  }
}

/** Only the fields given are sent (CCE changes only those); an empty change is refused, as CCE would. */
function toConfiguration(change: IssuerChange): IssuerConfiguration {
  const problems = change.preferredTheme ? themeProblems(change.preferredTheme, 'preferredTheme') : [];
  const configuration: IssuerConfiguration = {
    ...(change.supportedAccountRange
      ? { supportedAccountRange: change.supportedAccountRange.join(',') }
      : {}),
    ...(change.termsAndConditionsUrl ? { termsAndConditionURL: change.termsAndConditionsUrl } : {}),
    ...(change.privacyNoticeUrl ? { privacyNoticeURL: change.privacyNoticeUrl } : {}),
    ...(change.optOutUrl ? { optOutURL: change.optOutUrl } : {}),
    ...(change.preferredTheme
      ? { preferredTheme: Object.fromEntries(change.preferredTheme.map(({ name, value }) => [name, value])) }
      : {}),
  };
  if (Object.keys(configuration).length === 0)
    problems.push({ path: '', message: 'give at least one field to change' });
  if (problems.length > 0) throw new InvalidInputError(problems);
  return configuration;
}
