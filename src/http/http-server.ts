import { createServer, type Server } from 'node:http';
import type { HttpConfig } from '../config/http-config';

/**
 * The gateway's HTTP server, without a request listener yet. A client that sends its headers or body one
 * byte at a time is cut at these deadlines (checked every second, not Node's default 30 s); keep-alive
 * outlives a load balancer's idle timeout so the balancer, not the gateway, closes idle connections.
 */
export function createHttpServer(config: HttpConfig): Server {
  const server = createServer({ connectionsCheckingInterval: 1000 });
  server.requestTimeout = config.requestTimeoutMs;
  server.headersTimeout = config.headersTimeoutMs;
  server.keepAliveTimeout = config.keepAliveTimeoutMs;
  return server;
}
