import type { CcePort } from '../cce/cce-port';
import { parseAccountRange } from '../cce/issuer-rules';

export interface AccountRangeLogger {
  warn(message: string): void;
}

/**
 * The issuer's supportedAccountRange, read from GET /issuers at start-up and refreshed in the
 * background; a configured override replaces it. A failed refresh keeps the last known range.
 */
export class AccountRangeSource {
  private prefixes: readonly string[];
  private timer: NodeJS.Timeout | undefined;

  private constructor(
    initial: readonly string[],
    private readonly issuer: CcePort | undefined,
    private readonly logger: AccountRangeLogger,
  ) {
    this.prefixes = initial;
  }

  static fixed(prefixes: readonly string[], logger: AccountRangeLogger): AccountRangeSource {
    return new AccountRangeSource(prefixes, undefined, logger);
  }

  static async fromIssuer(issuer: CcePort, logger: AccountRangeLogger): Promise<AccountRangeSource> {
    const profile = await issuer.getIssuer();
    return new AccountRangeSource(parseAccountRange(profile.supportedAccountRange), issuer, logger);
  }

  current(): readonly string[] {
    return this.prefixes;
  }

  startRefreshing(everyMs: number): void {
    if (!this.issuer || this.timer) return;
    const issuer = this.issuer;
    this.timer = setInterval(() => {
      issuer
        .getIssuer()
        .then((profile) => {
          this.prefixes = parseAccountRange(profile.supportedAccountRange);
        })
        .catch((error: Error) => this.logger.warn(`supportedAccountRange refresh failed: ${error.message}`));
    }, everyMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
