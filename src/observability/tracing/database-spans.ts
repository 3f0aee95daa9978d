import { context, SpanKind, SpanStatusCode, trace, type Span, type Tracer } from '@opentelemetry/api';
import {
  ATTR_DB_COLLECTION_NAME,
  ATTR_DB_NAMESPACE,
  ATTR_DB_OPERATION_NAME,
  ATTR_DB_SYSTEM_NAME,
  ATTR_ERROR_TYPE,
} from '@opentelemetry/semantic-conventions';
import type { CommandFailedEvent, CommandStartedEvent, CommandSucceededEvent, MongoClient } from 'mongodb';

/**
 * A client span per database command made inside a traced request: command name, collection and
 * database, nothing else. The command document (filters, values: an email blind index, a card
 * fingerprint) and error messages (a duplicate key error quotes the key) never reach a span.
 * Background work (heartbeats, maintenance) outside any request makes no spans: it would flood
 * the trace store with one-command traces.
 *
 * A listener on the driver's command monitoring (the connection has `monitorCommands: true`) rather
 * than the instrumentation package, which patches `require` and must load before the driver does.
 */
export function traceDatabaseCommands(client: MongoClient, tracer: Tracer): void {
  const open = new Map<string, Span>();
  const key = (event: { connectionId?: unknown; requestId: number }) =>
    `${String(event.connectionId)}:${event.requestId}`;
  client.on('commandStarted', (event: CommandStartedEvent) => {
    const parent = context.active();
    if (!trace.getSpan(parent)) return;
    const collection = collectionOf(event);
    const span = tracer.startSpan(
      collection === undefined ? event.commandName : `${event.commandName} ${collection}`,
      {
        kind: SpanKind.CLIENT,
        attributes: {
          [ATTR_DB_SYSTEM_NAME]: 'mongodb',
          [ATTR_DB_OPERATION_NAME]: event.commandName,
          [ATTR_DB_NAMESPACE]: event.databaseName,
          ...(collection === undefined ? {} : { [ATTR_DB_COLLECTION_NAME]: collection }),
        },
      },
      parent,
    );
    open.set(key(event), span);
  });
  client.on('commandSucceeded', (event: CommandSucceededEvent) => {
    open.get(key(event))?.end();
    open.delete(key(event));
  });
  client.on('commandFailed', (event: CommandFailedEvent) => {
    const span = open.get(key(event));
    if (!span) return;
    open.delete(key(event));
    const code = (event.failure as { code?: unknown }).code;
    span.setAttribute(ATTR_ERROR_TYPE, typeof code === 'number' ? String(code) : event.failure.name);
    span.setStatus({ code: SpanStatusCode.ERROR, message: event.failure.name });
    span.end();
  });
}

/** The collection a command names (`find: "users"`, `getMore`'s `collection`), when it names one. */
function collectionOf({ command, commandName }: CommandStartedEvent): string | undefined {
  const target: unknown = command[commandName];
  if (typeof target === 'string') return target;
  return typeof command.collection === 'string' ? command.collection : undefined;
}
