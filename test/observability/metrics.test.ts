import { request } from 'undici';
import { anEnrollment } from '../support/builders';
import { startGatewayFixture, type GatewayFixture } from '../support/gateway-fixture';

const ENROLL = `mutation Enroll($input: EnrollUserInput!) { enrollUser(input: $input) { user { id } } }`;

describe('GET /metrics', () => {
  let fixture: GatewayFixture;

  beforeAll(async () => {
    fixture = await startGatewayFixture({ databaseCommandMetrics: true });
  });

  afterAll(async () => {
    await fixture.close();
  });

  async function scrape(): Promise<{ contentType: string; text: string }> {
    const response = await request(`${fixture.url}/metrics`);
    return { contentType: String(response.headers['content-type']), text: await response.body.text() };
  }

  function sample(text: string, name: string, labels: string): number {
    const line = text.split('\n').find((candidate) => candidate.startsWith(`${name}{${labels}}`));
    return line === undefined ? 0 : Number(line.split(' ').at(-1));
  }

  it('counts operations by root field and outcome, CCE calls by endpoint and status, and times the database', async () => {
    const input = anEnrollment();
    await fixture.graphql(ENROLL, { input });
    await fixture.graphql(ENROLL, { input });
    fixture.sandbox.faults.failNext(1, { kind: 'status', status: 503 });
    await fixture.graphql(ENROLL, { input: anEnrollment() });
    await fixture.graphql('{ users(first: 5) { totalCount } }');

    const { contentType, text } = await scrape();

    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(
      sample(text, 'graphql_operations_total', 'operation="mutation enrollUser",outcome="success"'),
    ).toBe(1);
    expect(
      sample(text, 'graphql_operations_total', 'operation="mutation enrollUser",outcome="DUPLICATE_CARD"'),
    ).toBe(1);
    expect(
      sample(
        text,
        'graphql_operations_total',
        'operation="mutation enrollUser",outcome="UPSTREAM_UNAVAILABLE"',
      ),
    ).toBe(1);
    expect(sample(text, 'graphql_operations_total', 'operation="query users",outcome="success"')).toBe(1);
    expect(
      sample(text, 'graphql_operation_duration_seconds_count', 'operation="query users",outcome="success"'),
    ).toBe(1);
    expect(sample(text, 'cce_requests_total', 'endpoint="enrollUser",status="200"')).toBe(1);
    expect(sample(text, 'cce_requests_total', 'endpoint="enrollUser",status="503"')).toBe(1);
    expect(sample(text, 'cce_request_duration_seconds_count', 'endpoint="enrollUser"')).toBe(2);
    expect(
      sample(text, 'mongodb_command_duration_seconds_count', 'command="insert",outcome="success"'),
    ).toBeGreaterThan(0);
    expect(text).toContain('process_cpu_seconds_total');
  });
  it('shows what of the journal waits for an operator: a completion without an intent is a dead letter', async () => {
    await fixture.journal.append({
      intentId: 'no-such-intent',
      userId: '00000000-0000-4000-8000-00000000abcd',
      enrolledAt: new Date().toISOString(),
    });

    await fixture.gateway.maintenance.run();
    const { text } = await scrape();

    expect(sample(text, 'enrollment_journal_entries', 'state="dead_letter"')).toBe(1);
    expect(sample(text, 'enrollment_journal_entries', 'state="pending"')).toBe(0);
    expect(text).toContain('enrollment_journal_append_failures_total 0');
  });
});

describe('GET /metrics with METRICS_PORT', () => {
  let fixture: GatewayFixture;

  beforeAll(async () => {
    fixture = await startGatewayFixture({ metricsPort: 0 });
  });

  afterAll(async () => {
    await fixture.close();
  });

  it('has no database command latencies unless METRICS_DATABASE_COMMANDS asks for them', async () => {
    await fixture.graphql('{ users(first: 5) { totalCount } }');

    const text = await (await request(`${fixture.gateway.metricsUrl()}/metrics`)).body.text();

    expect(text).toContain('graphql_operations_total{operation="query users",outcome="success"} 1');
    expect(text).not.toContain('mongodb_command_duration_seconds_count{');
  });

  it('is served on its own port and not next to /graphql', async () => {
    const separate = await request(`${fixture.gateway.metricsUrl()}/metrics`);
    const beside = await request(`${fixture.url}/metrics`);

    expect(separate.statusCode).toBe(200);
    expect(await separate.body.text()).toContain('graphql_operations_total');
    expect(beside.statusCode).toBe(404);
    await beside.body.dump();
  });
});
