import type { EnvironmentReader } from './config-error';

/** Node's HTTP server defaults (no request timeout, 5 s keep-alive) are unsafe behind a load balancer. */
export interface HttpConfig {
  /** The whole request, headers and body, must arrive within this. */
  readonly requestTimeoutMs: number;
  readonly headersTimeoutMs: number;
  /** Longer than a load balancer's idle timeout (often 60 s), so the balancer closes first. */
  readonly keepAliveTimeoutMs: number;
  readonly maxBodyBytes: number;
}

export const DEFAULT_HTTP_CONFIG: HttpConfig = {
  requestTimeoutMs: 30_000,
  headersTimeoutMs: 15_000,
  keepAliveTimeoutMs: 65_000,
  maxBodyBytes: 1024 * 1024,
};

export function readHttpConfig(env: EnvironmentReader): HttpConfig {
  const d = DEFAULT_HTTP_CONFIG;
  const config = {
    requestTimeoutMs: env.integer('HTTP_REQUEST_TIMEOUT_MS', d.requestTimeoutMs, 1000, 600_000),
    headersTimeoutMs: env.integer('HTTP_HEADERS_TIMEOUT_MS', d.headersTimeoutMs, 1000, 600_000),
    keepAliveTimeoutMs: env.integer('HTTP_KEEP_ALIVE_TIMEOUT_MS', d.keepAliveTimeoutMs, 1000, 600_000),
    maxBodyBytes: env.integer('HTTP_MAX_BODY_BYTES', d.maxBodyBytes, 1024, 16 * 1024 * 1024),
  };
  if (config.headersTimeoutMs > config.requestTimeoutMs) {
    env.problem('HTTP_HEADERS_TIMEOUT_MS must not exceed HTTP_REQUEST_TIMEOUT_MS');
  }
  return config;
}
