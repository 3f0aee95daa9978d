import { CceApiError } from '../cce/cce-errors';
import type { CcePort } from '../cce/cce-port';
import { parseAccountRange } from '../cce/issuer-rules';
import type { IssuerProfileStore } from './issuer-profile-store';
import type { LoggerPort } from './logger-port';

/** While no range is known at all, GET /issuers is retried this often instead of every refresh period. */
const UNKNOWN_RANGE_RETRY_MS = 10_000;

export interface AccountRangeSourceOptions {
  cce: CcePort;
  logger: LoggerPort;
  /** CCE_SUPPORTED_ACCOUNT_RANGE: replaces CCE's range (GET /issuers still checks the credentials). */
  override?: readonly string[];
  /** Where the last profile CCE answered is kept, for starts while CCE is down. */
  store?: IssuerProfileStore;
}

/**
 * The issuer's supportedAccountRange: the configured override, else the last profile CCE answered
 * (kept in MongoDB), refreshed from GET /issuers in the background. Start-up never waits for CCE.
 * A 401 from GET /issuers marks the credentials rejected, which keeps the instance not ready.
 */
export class AccountRangeSource {
  private prefixes: readonly string[] | undefined;
  private rejected = false;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly options: AccountRangeSourceOptions) {
    this.prefixes = options.override;
  }

  /** For tests and tools that need the range before going on: reads it from CCE once. */
  static async fromIssuer(cce: CcePort, logger: LoggerPort): Promise<AccountRangeSource> {
    const source = new AccountRangeSource({ cce, logger });
    if (!(await source.refresh())) throw new Error('GET /issuers failed');
    return source;
  }

  /** The prefixes, or undefined while neither configuration, CCE nor the database has told them. */
  current(): readonly string[] | undefined {
    return this.prefixes;
  }

  /** CCE answered 401 to the last GET /issuers: wrong consumer key or signing key. */
  get credentialsRejected(): boolean {
    return this.rejected;
  }

  async loadStored(): Promise<void> {
    if (this.prefixes || !this.options.store) return;
    try {
      const stored = await this.options.store.load();
      if (stored && !this.prefixes) {
        this.prefixes = parseAccountRange(stored.supportedAccountRange);
        this.options.logger.info(
          { fetchedAt: stored.fetchedAt },
          'supportedAccountRange from the last issuer profile stored; refreshing from CCE in the background',
        );
      }
    } catch (error) {
      this.options.logger.warn(
        { error: (error as Error).message },
        'could not read the stored issuer profile',
      );
    }
  }

  /** One GET /issuers; true when CCE answered. */
  async refresh(): Promise<boolean> {
    const { cce, logger, store, override } = this.options;
    try {
      const profile = await cce.getIssuer();
      this.rejected = false;
      if (!override) this.prefixes = parseAccountRange(profile.supportedAccountRange);
      await store
        ?.save(profile.supportedAccountRange, new Date())
        .catch((error: Error) => logger.warn({ error: error.message }, 'could not store the issuer profile'));
      return true;
    } catch (error) {
      if (error instanceof CceApiError && error.status === 401) {
        this.rejected = true;
        logger.error(
          { reasonCode: error.reasonCode },
          "CCE rejected the gateway's credentials (401 from GET /issuers): check CCE_CONSUMER_KEY and the " +
            'signing key. This instance stays not ready until CCE accepts them',
        );
      } else {
        logger.warn(
          { error: (error as Error).message },
          'supportedAccountRange refresh failed: is CCE_BASE_URL reachable? Listing still works',
        );
      }
      return false;
    }
  }

  /**
   * Refreshes now and then every `everyMs` (sooner while no range is known) in the background;
   * the returned promise settles with the first refresh, for a caller willing to wait a little.
   */
  startRefreshing(everyMs: number): Promise<boolean> {
    const next = (succeeded: boolean) => {
      if (this.stopped) return succeeded;
      const delay = succeeded || this.prefixes ? everyMs : Math.min(everyMs, UNKNOWN_RANGE_RETRY_MS);
      this.timer = setTimeout(() => void this.refresh().then(next), delay);
      this.timer.unref();
      return succeeded;
    };
    return this.refresh().then(next);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }
}
