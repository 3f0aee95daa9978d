import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { request } from 'undici';
import { EnvironmentReader } from '../../src/config/config-error';
import { readTelemetryConfig } from '../../src/config/telemetry-config';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/sandbox-server';
import { startTelemetry } from '../../src/observability/tracing/start-telemetry';
import { productionEnvironment, startReady } from '../support/gateway-process';

interface Export {
  url: string;
  contentType: string | undefined;
  body: string;
}

/** An OTLP/HTTP collector that keeps what it is sent (protobuf strings are readable as bytes). */
async function startCollector() {
  const received: Export[] = [];
  const server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      received.push({
        url: incoming.url ?? '',
        contentType: incoming.headers['content-type'],
        body: Buffer.concat(chunks).toString('latin1'),
      });
      response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { received, url: `http://127.0.0.1:${port}`, close: () => server.close() };
}

describe('starting OpenTelemetry', () => {
  it('starts nothing when no OTEL_* variable asks for traces', () => {
    const silent = pino({ level: 'silent' });
    expect(startTelemetry(readTelemetryConfig(new EnvironmentReader({})), silent)).toBeUndefined();
  });

  describe('npm start with OTEL_EXPORTER_OTLP_ENDPOINT', () => {
    let sandbox: RunningSandbox;

    beforeAll(async () => {
      sandbox = await startSandbox();
    });

    afterAll(() => sandbox.close());

    // A real process: the OTLP exporter loads node:http through a dynamic import jest cannot run.
    it('exports the operation spans over OTLP/HTTP protobuf, flushed by the ordered shutdown', async () => {
      const collector = await startCollector();
      try {
        const { env, authorization } = await productionEnvironment(sandbox, 'trace_export');
        const gateway = await startReady({
          ...env,
          OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
          OTEL_SERVICE_NAME: 'gateway-under-test',
        });
        const response = await request(gateway.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization },
          body: JSON.stringify({ query: '{ users(first: 1) { totalCount } }' }),
        });
        expect(response.statusCode).toBe(200);
        await response.body.dump();
        // The batch processor exports every 5 s; the shutdown flushes what it still holds before exit.
        gateway.child.kill('SIGTERM');
        expect(await gateway.exit).toBe(0);

        expect(gateway.output()).toContain('OpenTelemetry tracing on');
        const exported = collector.received;
        expect(exported.length).toBeGreaterThan(0);
        expect(exported[0]).toMatchObject({ url: '/v1/traces', contentType: 'application/x-protobuf' });
        const bodies = exported.map((each) => each.body).join('');
        expect(bodies).toContain('gateway-under-test');
        expect(bodies).toContain('query users');
      } finally {
        collector.close();
      }
    });
  });
});
