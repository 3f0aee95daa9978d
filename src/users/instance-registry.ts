import type { Connection } from 'mongoose';
import type { LoggerPort } from './logger-port';

/** One gateway instance as the database knows it: `startedAt` changes with every restart. */
export interface InstanceRecord {
  readonly _id: string;
  readonly startedAt: Date;
  readonly heartbeatAt: Date;
}

export interface InstanceRegistryOptions {
  instanceId: string;
  heartbeatEveryMs: number;
  clock: () => Date;
  logger: LoggerPort;
}

/**
 * Heartbeats of the gateway instances sharing a database (collection `gateway_instances`). A sweep
 * reads them to tell an enrollment still in flight from one whose instance died or restarted.
 */
export class InstanceRegistry {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly connection: Connection,
    private readonly options: InstanceRegistryOptions,
  ) {}

  get instanceId(): string {
    return this.options.instanceId;
  }

  private get collection() {
    return this.connection.collection<InstanceRecord>('gateway_instances');
  }

  /** Records this start: intents this instance wrote before it are no longer in flight. */
  async register(): Promise<void> {
    const now = this.options.clock();
    await this.collection.updateOne(
      { _id: this.options.instanceId },
      { $set: { startedAt: now, heartbeatAt: now } },
      { upsert: true },
    );
  }

  startHeartbeat(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.collection
        .updateOne({ _id: this.options.instanceId }, { $set: { heartbeatAt: this.options.clock() } })
        .catch((error: Error) =>
          this.options.logger.warn({ error: error.message }, 'instance heartbeat failed'),
        );
    }, this.options.heartbeatEveryMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}

/** Every instance's record, for a sweep (the reconcile command reads them without being one). */
export async function readInstances(connection: Connection, maxTimeMS: number): Promise<InstanceRecord[]> {
  return connection.collection<InstanceRecord>('gateway_instances').find({}, { maxTimeMS }).toArray();
}
