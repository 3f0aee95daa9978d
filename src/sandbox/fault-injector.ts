/**
 * A status answers with the sandbox's injected-fault ErrorWrapper; `reasonCode` and `description`
 * replace its text, to play a CCE that puts unexpected text (even a card number) in its errors.
 */
export type SandboxFault =
  { kind: 'status'; status: number; reasonCode?: string; description?: string } | { kind: 'drop' };

interface QueuedFault {
  readonly fault: SandboxFault;
  /** Only a request of this route takes it; any request when absent. */
  readonly route: string | undefined;
}

/**
 * Makes the sandbox slow or failing on demand, for tests and benchmarks, for every request or for one
 * route (its name as `callCount` knows it, e.g. 'GET /issuers/users/{userid}/dashboards').
 */
export class FaultInjector {
  /** Added before every answer. */
  latencyMs = 0;
  private readonly queued: QueuedFault[] = [];
  private readonly routeLatencyMs = new Map<string, number>();
  private readonly holds = new Map<string, { released: Promise<void>; release: () => void }>();

  /**
   * The next `count` requests fail with `fault` (an HTTP status, or a dropped connection); with a
   * `route`, only requests of that route take these faults, and other routes are answered normally.
   */
  failNext(count: number, fault: SandboxFault, route?: string): void {
    for (let i = 0; i < count; i += 1) this.queued.push({ fault, route });
  }

  /** Adds `ms` before every answer of `route`, on top of `latencyMs`; 0 removes it. */
  latencyFor(route: string, ms: number): void {
    if (ms > 0) this.routeLatencyMs.set(route, ms);
    else this.routeLatencyMs.delete(route);
  }

  /** The delay before answering a request of `route` (undefined: a path outside the API). */
  delayFor(route: string | undefined): number {
    return this.latencyMs + (route === undefined ? 0 : (this.routeLatencyMs.get(route) ?? 0));
  }

  /**
   * Requests of `route` are taken in but not answered until the returned function is called: a test
   * keeps a call in flight at CCE for as long as it needs, without guessing a delay.
   */
  holdAnswers(route: string): () => void {
    if (this.holds.has(route)) throw new Error(`answers of ${route} are already held`);
    let open!: () => void;
    const released = new Promise<void>((resolve) => (open = resolve));
    const release = () => {
      if (this.holds.get(route) === hold) this.holds.delete(route);
      open();
    };
    const hold = { released, release };
    this.holds.set(route, hold);
    return release;
  }

  /** Resolves once answers of `route` may go out (at once unless `holdAnswers` holds them). */
  async answersReleased(route: string | undefined): Promise<void> {
    if (route !== undefined) await this.holds.get(route)?.released;
  }

  /** The first queued fault this request may take: one for any route, or one for its own. */
  takeNext(route?: string): SandboxFault | undefined {
    const index = this.queued.findIndex((entry) => entry.route === undefined || entry.route === route);
    if (index < 0) return undefined;
    return this.queued.splice(index, 1)[0]?.fault;
  }

  /** Faults not taken yet: all of them, or those queued for `route`. */
  pendingFor(route?: string): number {
    return route === undefined
      ? this.queued.length
      : this.queued.filter((entry) => entry.route === route).length;
  }

  get pendingFailures(): number {
    return this.queued.length;
  }

  reset(): void {
    this.latencyMs = 0;
    this.queued.length = 0;
    this.routeLatencyMs.clear();
    for (const hold of [...this.holds.values()]) hold.release();
  }
}
