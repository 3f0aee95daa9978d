import { createServer, type RequestListener, type Server } from 'node:http';
import type { HttpConfig } from '../config/http-config';

/**
 * The gateway's HTTP server. A client that sends its headers or body one byte at a time is cut at
 * these deadlines (checked every second, not Node's default 30 s); keep-alive outlives a load
 * balancer's idle timeout so the balancer, not the gateway, closes idle connections.
 */
export function createHttpServer(app: RequestListener, config: HttpConfig): Server {
  const server = createServer({ connectionsCheckingInterval: 1000 }, app);
  server.requestTimeout = config.requestTimeoutMs;
  server.headersTimeout = config.headersTimeoutMs;
  server.keepAliveTimeout = config.keepAliveTimeoutMs;
  return server;
}
