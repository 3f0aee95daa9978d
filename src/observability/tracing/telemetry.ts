import { context, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';

/** What the gateway needs from an OpenTelemetry SDK: a tracer, and a flush at shutdown. */
export interface Telemetry {
  readonly tracer: Tracer;
  /** Exports the spans still buffered, then stops exporting (run-gateway.ts calls it last). */
  shutdown(): Promise<void>;
}

/** A tracer provider of the SDK (production's, or a test's with an in-memory exporter). */
export interface TracerSource {
  getTracer(name: string, version?: string): Tracer;
  shutdown(): Promise<void>;
}

/**
 * The gateway's telemetry over a tracer provider. The provider is not registered globally: the
 * gateway passes its tracer by hand, so tests can run gateways with providers of their own. Only the
 * context manager is process-wide, because async context is: it carries the operation span from the
 * HTTP request down to the CCE and database calls its resolvers make.
 */
export function telemetryFrom(provider: TracerSource): Telemetry {
  useAsyncLocalStorageContext();
  return {
    tracer: provider.getTracer('cce-gateway'),
    shutdown: () => provider.shutdown(),
  };
}

let contextManagerSet = false;

function useAsyncLocalStorageContext(): void {
  if (contextManagerSet) return;
  // false when another one (an APM agent's) is already registered: that one carries context as well.
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  contextManagerSet = true;
}
