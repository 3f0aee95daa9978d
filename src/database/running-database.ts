/** Which rung of the database ladder provided the server. */
export type DatabaseKind = 'external' | 'mongodb-memory-server' | 'ferretdb';

/** A MongoDB-wire server that this process can use, and the way to stop it. */
export interface RunningDatabase {
  readonly kind: DatabaseKind;
  readonly uri: string;
  /** Human-readable one-liner, e.g. for "tests ran on ..." messages. */
  readonly description: string;
  stop(): Promise<void>;
}

/** Thrown by a ladder rung that cannot run on this machine, so the next rung is tried. */
export class DatabaseRungUnavailableError extends Error {
  constructor(
    readonly rung: DatabaseKind,
    reason: string,
  ) {
    super(`${rung}: ${reason}`);
    this.name = 'DatabaseRungUnavailableError';
  }
}
