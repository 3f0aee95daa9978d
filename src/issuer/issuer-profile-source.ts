import { CceApiError } from '../cce/cce-errors';
import type { CcePort } from '../cce/cce-port';
import type { IssuerProfile, IssuerProfileDetails } from '../cce/contract-types';
import type { LoggerPort } from '../users/logger-port';
import { snapshotOf, withUpdate, type IssuerProfileSnapshot } from './issuer-profile';
import type { IssuerProfileStore } from './issuer-profile-store';

/** While no range is known at all, GET /issuers is retried this often instead of every refresh period. */
const UNKNOWN_RANGE_RETRY_MS = 10_000;
/** How often an instance reads the stored profile, to follow another instance's updateIssuer. */
const STORE_SYNC_MS = 10_000;

export interface IssuerProfileSourceOptions {
  cce: CcePort;
  logger: LoggerPort;
  /** CCE_SUPPORTED_ACCOUNT_RANGE: replaces CCE's range for enrollment checks (GET /issuers still runs). */
  override?: readonly string[];
  /** Where the last profile is kept, shared by every instance and read at starts while CCE is down. */
  store?: IssuerProfileStore;
  clock?: () => Date;
}

/**
 * The issuer's whole CCE profile: the last one CCE answered (kept in MongoDB), refreshed from
 * GET /issuers in the background, and replaced at once by what PUT /issuers answers. Start-up never
 * waits for CCE. A 401 from GET /issuers marks the credentials rejected (the instance is not ready).
 */
export class IssuerProfileSource {
  private details: Partial<IssuerProfileDetails> | undefined;
  private snapshot: IssuerProfileSnapshot | undefined;
  private rejected = false;
  private timer: NodeJS.Timeout | undefined;
  private syncTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  /** Counts applied PUT /issuers answers: a GET that started before one must not overwrite it. */
  private updates = 0;
  private readonly clock: () => Date;

  constructor(private readonly options: IssuerProfileSourceOptions) {
    this.clock = options.clock ?? (() => new Date());
  }

  /** For tests and tools that need the profile before going on: reads it from CCE once. */
  static async fromIssuer(options: IssuerProfileSourceOptions): Promise<IssuerProfileSource> {
    const source = new IssuerProfileSource(options);
    if (!(await source.refresh())) throw new Error('GET /issuers failed');
    return source;
  }

  /** The profile as last read, or undefined while neither CCE nor the database has told it. */
  current(): IssuerProfileSnapshot | undefined {
    return this.snapshot;
  }

  /** The BIN prefixes enrollments must match: the configured override, else the profile's. */
  accountRange(): readonly string[] | undefined {
    if (this.options.override) return this.options.override;
    const range = this.snapshot?.supportedAccountRange;
    return range && range.length > 0 ? range : undefined;
  }

  /** CCE answered 401 to the last GET /issuers: wrong consumer key or signing key. */
  get credentialsRejected(): boolean {
    return this.rejected;
  }

  /**
   * The newest profile any instance stored (another instance may have run updateIssuer since this
   * one last refreshed); the one in memory when the database cannot say.
   */
  async latest(): Promise<IssuerProfileSnapshot | undefined> {
    const stored = await this.options.store?.load().catch(() => null);
    if (stored && (!this.snapshot || stored.fetchedAt > this.snapshot.fetchedAt)) {
      this.use(stored.profile, stored.fetchedAt);
    }
    return this.snapshot;
  }

  async loadStored(): Promise<void> {
    if (this.snapshot || !this.options.store) return;
    try {
      const stored = await this.options.store.load();
      if (stored && !this.snapshot) {
        this.use(stored.profile, stored.fetchedAt);
        this.options.logger.info(
          { fetchedAt: stored.fetchedAt },
          'issuer profile from the last one stored; refreshing from CCE in the background',
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
    const { cce, logger } = this.options;
    const updatesBefore = this.updates;
    try {
      const profile = await cce.getIssuer();
      this.rejected = false;
      // An updateIssuer answered meanwhile is newer than this answer: the next refresh reads it anew.
      if (this.updates === updatesBefore) await this.keep(profile);
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
          'issuer profile refresh failed: is CCE_BASE_URL reachable? Listing still works',
        );
      }
      return false;
    }
  }

  /** What PUT /issuers answered replaces the fields it carries, here and in the database. */
  async applyUpdate(updated: IssuerProfile): Promise<IssuerProfileSnapshot> {
    this.updates += 1;
    await this.keep(withUpdate(this.details ?? {}, updated));
    return this.snapshot!;
  }

  /**
   * Refreshes now and then every `everyMs` (sooner while no range is known) in the background;
   * the returned promise settles with the first refresh, for a caller willing to wait a little.
   */
  startRefreshing(everyMs: number): Promise<boolean> {
    const next = (succeeded: boolean) => {
      if (this.stopped) return succeeded;
      const delay = succeeded || this.accountRange() ? everyMs : Math.min(everyMs, UNKNOWN_RANGE_RETRY_MS);
      this.timer = setTimeout(() => void this.refresh().then(next), delay);
      this.timer.unref();
      return succeeded;
    };
    if (this.options.store) {
      // Enrollments check the range in memory: follow what other instances stored within seconds.
      this.syncTimer = setInterval(() => void this.latest(), STORE_SYNC_MS);
      this.syncTimer.unref();
    }
    return this.refresh().then(next);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.syncTimer);
  }

  private async keep(details: Partial<IssuerProfileDetails>): Promise<void> {
    const fetchedAt = this.clock();
    this.use(details, fetchedAt);
    await this.options.store
      ?.save(details, fetchedAt)
      .catch((error: Error) =>
        this.options.logger.warn({ error: error.message }, 'could not store the issuer profile'),
      );
  }

  private use(details: Partial<IssuerProfileDetails>, fetchedAt: Date): void {
    this.details = details;
    this.snapshot = snapshotOf(details, fetchedAt);
  }
}
