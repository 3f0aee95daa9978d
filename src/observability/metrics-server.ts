import { createServer, type Server } from 'node:http';
import { listenOn } from '../http/listen';
import type { GatewayMetrics } from './gateway-metrics';

/** The Prometheus scrape: GET /metrics in the text exposition format. */
export async function metricsResponse(
  metrics: GatewayMetrics,
): Promise<{ contentType: string; body: string }> {
  return { contentType: metrics.registry.contentType, body: await metrics.registry.metrics() };
}

/**
 * A listener of its own for /metrics (METRICS_PORT), so that the scrape endpoint can stay on an
 * internal network while /graphql is public.
 */
export async function startMetricsServer(
  metrics: GatewayMetrics,
  port: number,
  host: string,
): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    if (request.method !== 'GET' || request.url !== '/metrics') {
      response.writeHead(404).end();
      return;
    }
    void metricsResponse(metrics).then(
      ({ contentType, body }) => response.writeHead(200, { 'content-type': contentType }).end(body),
      () => response.writeHead(500).end(),
    );
  });
  return { url: await listenOn(server, port, host), server };
}
