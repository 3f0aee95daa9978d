import { Writable } from 'node:stream';
import { SpanKind } from '@opentelemetry/api';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace';
import { telemetryFrom } from '../../src/observability/tracing/telemetry';
import { anEnrollment } from '../support/builders';
import { startGatewayFixture, type GatewayFixture } from '../support/gateway-fixture';
import { waitFor } from '../support/gateway-process';

const ENROLL = 'mutation Enroll($input: EnrollUserInput!) { enrollUser(input: $input) { user { id } } }';
const DASHBOARD = 'query ($id: ID!) { user(id: $id) { dashboard(lang: SV) { url } } }';
const USERS = 'query Page { users(first: 5) { totalCount } }';
const ROUTER_TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const ROUTER_SPAN_ID = '00f067aa0ba902b7';

type LogLine = Record<string, unknown>;

function logCollector() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  const operationLines = () =>
    lines.map((line) => JSON.parse(line) as LogLine).filter((line) => line.msg === 'graphql operation');
  return { destination, operationLines };
}

/** Everything a span carries that a trace store would keep: name, attributes, events, status. */
function spanText(span: ReadableSpan): string {
  return JSON.stringify([span.name, span.attributes, span.events, span.status]);
}

describe('OpenTelemetry traces (in-memory exporter, real HTTP, sandbox and database)', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  const logs = logCollector();
  let fixture: GatewayFixture;

  beforeAll(async () => {
    fixture = await startGatewayFixture({
      telemetry: telemetryFrom(provider),
      logDestination: logs.destination,
    });
  });

  afterAll(async () => {
    await fixture.close();
    await provider.shutdown();
  });

  beforeEach(() => exporter.reset());

  const spans = () => exporter.getFinishedSpans();

  /** The operation span ends when the response is closed, which may be after the client has read it. */
  async function operationSpan(name: string): Promise<ReadableSpan> {
    await waitFor(
      () => spans().some((span) => span.name === name),
      5_000,
      () =>
        spans()
          .map((span) => span.name)
          .join(', '),
    );
    return spans().find((span) => span.name === name)!;
  }

  const childrenOf = (parent: ReadableSpan) =>
    spans().filter((span) => span.parentSpanContext?.spanId === parent.spanContext().spanId);

  it('makes a span per operation, named and described by its shape, with CCE and database spans under it', async () => {
    const token = await fixture.tokens.mint({ sub: 'platform', client_id: 'issuer-app' });
    const input = anEnrollment();
    const response = await fixture.graphqlAs(
      { authorization: `Bearer ${token}`, 'x-request-id': 'trace-req-1' },
      ENROLL,
      { input },
    );
    expect(response.errors).toBeUndefined();

    const operation = await operationSpan('mutation enrollUser');
    expect(operation.kind).toBe(SpanKind.SERVER);
    expect(operation.parentSpanContext).toBeUndefined();
    expect(operation.attributes).toMatchObject({
      'graphql.operation.type': 'mutation',
      'graphql.operation.name': 'Enroll',
      'graphql.operation.root_fields': ['enrollUser'],
      'graphql.outcome': 'success',
      'gateway.request_id': 'trace-req-1',
      'gateway.caller.client_id': 'issuer-app',
      'http.response.status_code': 200,
    });
    const children = childrenOf(operation);
    expect(children).toContainEqual(
      expect.objectContaining({
        name: 'CCE POST /issuers/users',
        kind: SpanKind.CLIENT,
        attributes: expect.objectContaining({
          'cce.endpoint': 'enrollUser',
          'http.request.method': 'POST',
          'url.template': '/issuers/users',
          'http.response.status_code': 200,
          'cce.outcome': 'SUCCESS',
          'cce.attempts': 1,
        }),
      }),
    );
    const database = children.filter((span) => span.attributes['db.system.name'] === 'mongodb');
    expect(database.map((span) => span.attributes['db.collection.name'])).toContain('users');
    expect(database.every((span) => span.kind === SpanKind.CLIENT)).toBe(true);

    const everything = spans().map(spanText).join('\n');
    for (const secret of [input.cardNumber, input.email!.value, input.billingAddress!.line1, token]) {
      expect(everything).not.toContain(secret);
    }
  });

  it("records a rejected operation's error codes, and never its variables", async () => {
    const response = await fixture.graphql(ENROLL, {
      input: anEnrollment({ cardNumber: '4111111111111111' }),
    });
    expect(response.errors?.[0]?.extensions?.code).toBeDefined();

    const operation = await operationSpan('mutation enrollUser');
    const code = response.errors![0]!.extensions!.code;
    expect(operation.attributes).toMatchObject({ 'graphql.outcome': code, 'graphql.error.codes': [code] });
    expect(spans().map(spanText).join('\n')).not.toContain('4111111111111111');
  });

  it('traces an operation the gateway refuses before Apollo, without its URL', async () => {
    const query = encodeURIComponent('{ users(filter: { email: "ann@example.com" }) { totalCount } }');
    const response = await fetch(`${fixture.url}/graphql?query=${query}`, {
      headers: { authorization: `Bearer ${fixture.token}` },
    });
    expect(response.status).toBe(405);

    const refused = await operationSpan('GET /graphql');
    expect(refused.kind).toBe(SpanKind.SERVER);
    expect(refused.attributes).toMatchObject({
      'http.request.method': 'GET',
      'http.response.status_code': 405,
    });
    expect(spanText(refused)).not.toContain('ann@example.com');
    expect(spanText(refused)).not.toContain('query=');
  });

  it('shows a dashboard call by its route template: no user id, no dashboard URL or token', async () => {
    const enrolled = await fixture.graphql<{ enrollUser: { user: { id: string } } }>(ENROLL, {
      input: anEnrollment(),
    });
    const userId = enrolled.data!.enrollUser.user.id;
    exporter.reset();
    const response = await fixture.graphql<{ user: { dashboard: { url: string } } }>(DASHBOARD, {
      id: userId,
    });
    expect(response.errors).toBeUndefined();
    const url = response.data!.user.dashboard.url;

    const operation = await operationSpan('query user');
    expect(childrenOf(operation)).toContainEqual(
      expect.objectContaining({
        name: 'CCE GET /issuers/users/{userid}/dashboards',
        attributes: expect.objectContaining({
          'cce.endpoint': 'getDashboard',
          'http.response.status_code': 200,
        }),
      }),
    );
    const everything = spans().map(spanText).join('\n');
    for (const secret of [userId, url, new URL(url).searchParams.get('auth_token')!]) {
      expect(everything).not.toContain(secret);
    }
  });

  it("continues a router's W3C trace and logs the trace id in the operation line", async () => {
    const response = await fixture.graphqlAs(
      {
        authorization: `Bearer ${fixture.token}`,
        traceparent: `00-${ROUTER_TRACE_ID}-${ROUTER_SPAN_ID}-01`,
        // Free text from the caller: never copied onto the gateway's spans.
        tracestate: 'pan=5555555555554444',
        'x-request-id': 'trace-req-2',
      },
      USERS,
    );
    expect(response.errors).toBeUndefined();

    const operation = await operationSpan('query users');
    expect(operation.spanContext().traceId).toBe(ROUTER_TRACE_ID);
    expect(operation.parentSpanContext).toMatchObject({ traceId: ROUTER_TRACE_ID, spanId: ROUTER_SPAN_ID });
    expect(childrenOf(operation).length).toBeGreaterThan(0);
    expect(spans().every((span) => span.spanContext().traceId === ROUTER_TRACE_ID)).toBe(true);
    expect(spans().every((span) => span.spanContext().traceState === undefined)).toBe(true);
    expect(logs.operationLines()).toContainEqual(
      expect.objectContaining({
        requestId: 'trace-req-2',
        traceId: ROUTER_TRACE_ID,
        spanId: operation.spanContext().spanId,
        operation: 'query users',
      }),
    );
  });
});

describe('OpenTelemetry traces when off (the default)', () => {
  const logs = logCollector();
  let fixture: GatewayFixture;

  beforeAll(async () => {
    fixture = await startGatewayFixture({ logDestination: logs.destination });
  });

  afterAll(() => fixture.close());

  it('neither reads a traceparent nor logs a trace id', async () => {
    const response = await fixture.graphqlAs(
      {
        authorization: `Bearer ${fixture.token}`,
        traceparent: `00-${ROUTER_TRACE_ID}-${ROUTER_SPAN_ID}-01`,
        'x-request-id': 'untraced-1',
      },
      USERS,
    );
    expect(response.errors).toBeUndefined();

    const line = logs.operationLines().find((logged) => logged.requestId === 'untraced-1');
    expect(line).toMatchObject({ operation: 'query users', outcome: 'success' });
    expect(line).not.toHaveProperty('traceId');
    expect(line).not.toHaveProperty('spanId');
  });
});
