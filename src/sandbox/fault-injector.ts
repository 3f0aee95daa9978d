/**
 * A status answers with the sandbox's injected-fault ErrorWrapper; `reasonCode` and `description`
 * replace its text, to play a CCE that puts unexpected text (even a card number) in its errors.
 */
export type SandboxFault =
  { kind: 'status'; status: number; reasonCode?: string; description?: string } | { kind: 'drop' };

/** Makes the sandbox slow or failing on demand, for tests and benchmarks. */
export class FaultInjector {
  /** Added before every answer. */
  latencyMs = 0;
  private readonly queued: SandboxFault[] = [];

  /** The next `count` requests fail with `fault` (an HTTP status, or a dropped connection). */
  failNext(count: number, fault: SandboxFault): void {
    for (let i = 0; i < count; i += 1) this.queued.push(fault);
  }

  takeNext(): SandboxFault | undefined {
    return this.queued.shift();
  }

  get pendingFailures(): number {
    return this.queued.length;
  }

  reset(): void {
    this.latencyMs = 0;
    this.queued.length = 0;
  }
}
