import type { EnvironmentReader } from './config-error';

export type SamplerName =
  | 'always_on'
  | 'always_off'
  | 'traceidratio'
  | 'parentbased_always_on'
  | 'parentbased_always_off'
  | 'parentbased_traceidratio';

const SAMPLERS: readonly SamplerName[] = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
];

/** OpenTelemetry traces: off unless the standard OTEL_* variables ask for an OTLP exporter. */
export type TelemetryConfig = { readonly enabled: false } | EnabledTelemetry;

export interface EnabledTelemetry {
  readonly enabled: true;
  readonly serviceName: string;
  /** Where spans are POSTed (OTLP over HTTP, protobuf). */
  readonly tracesUrl: string;
  readonly sampler: SamplerName;
  /** The ratio of the `*traceidratio` samplers, 0..1. */
  readonly samplerRatio: number;
  /** OTEL_RESOURCE_ATTRIBUTES, e.g. deployment.environment.name=production. */
  readonly resourceAttributes: Readonly<Record<string, string>>;
}

export const TRACING_OFF: TelemetryConfig = Object.freeze({ enabled: false });

/** The collector's default OTLP/HTTP address, used when only OTEL_TRACES_EXPORTER=otlp is set. */
const DEFAULT_OTLP_ENDPOINT = 'http://localhost:4318';

/**
 * Unlike the OpenTelemetry default (exporter `otlp` to localhost), tracing is off unless asked for:
 * OTEL_TRACES_EXPORTER=otlp, or an OTLP endpoint. A gateway with no collector must not spend CPU on
 * spans or log export failures. OTEL_SDK_DISABLED=true wins over everything.
 */
export function readTelemetryConfig(env: EnvironmentReader): TelemetryConfig {
  if (env.boolean('OTEL_SDK_DISABLED', false)) return TRACING_OFF;
  const exporter = readExporter(env);
  const tracesEndpoint = env.optional('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  const endpoint = env.optional('OTEL_EXPORTER_OTLP_ENDPOINT');
  const wanted =
    exporter === 'otlp' || (exporter === undefined && (tracesEndpoint ?? endpoint) !== undefined);
  if (!wanted) return TRACING_OFF;
  checkProtocol(env);
  const tracesUrl =
    tracesEndpoint !== undefined
      ? httpUrl(env, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', tracesEndpoint)
      : `${httpUrl(env, 'OTEL_EXPORTER_OTLP_ENDPOINT', endpoint ?? DEFAULT_OTLP_ENDPOINT).replace(/\/+$/, '')}/v1/traces`;
  return Object.freeze({
    enabled: true,
    serviceName: env.optional('OTEL_SERVICE_NAME') ?? 'cce-gateway',
    tracesUrl,
    sampler: readSampler(env),
    samplerRatio: readRatio(env),
    resourceAttributes: Object.freeze(readResourceAttributes(env)),
  });
}

function readExporter(env: EnvironmentReader): 'otlp' | 'none' | undefined {
  const value = env.optional('OTEL_TRACES_EXPORTER')?.toLowerCase();
  if (value === undefined || value === 'otlp' || value === 'none') return value;
  env.problem('OTEL_TRACES_EXPORTER must be otlp or none (no other exporter is built in)');
  return 'none';
}

function checkProtocol(env: EnvironmentReader): void {
  for (const name of ['OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', 'OTEL_EXPORTER_OTLP_PROTOCOL']) {
    const value = env.optional(name);
    if (value !== undefined && value !== 'http/protobuf') {
      env.problem(`${name} must be http/protobuf (the only OTLP protocol built in)`);
    }
  }
}

/** Never echoes the value: an endpoint may carry credentials in its user info. */
function httpUrl(env: EnvironmentReader, name: string, value: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url?.protocol !== 'http:' && url?.protocol !== 'https:') {
    env.problem(`${name} must be an http:// or https:// URL`);
  }
  return value;
}

function readSampler(env: EnvironmentReader): SamplerName {
  const value = env.optional('OTEL_TRACES_SAMPLER')?.toLowerCase() ?? 'parentbased_always_on';
  if ((SAMPLERS as readonly string[]).includes(value)) return value as SamplerName;
  env.problem(`OTEL_TRACES_SAMPLER must be one of ${SAMPLERS.join(', ')}`);
  return 'parentbased_always_on';
}

function readRatio(env: EnvironmentReader): number {
  const raw = env.optional('OTEL_TRACES_SAMPLER_ARG');
  if (raw === undefined) return 1;
  const ratio = Number(raw);
  if (Number.isFinite(ratio) && ratio >= 0 && ratio <= 1) return ratio;
  env.problem('OTEL_TRACES_SAMPLER_ARG must be a number from 0 to 1');
  return 1;
}

/** `key=value,key=value`, values percent-encoded, as the OpenTelemetry specification writes them. */
function readResourceAttributes(env: EnvironmentReader): Record<string, string> {
  const raw = env.optional('OTEL_RESOURCE_ATTRIBUTES');
  const attributes: Record<string, string> = {};
  if (raw === undefined) return attributes;
  for (const pair of raw.split(',')) {
    const separator = pair.indexOf('=');
    const key = pair.slice(0, separator).trim();
    try {
      if (separator <= 0 || key === '') throw new Error('not key=value');
      attributes[key] = decodeURIComponent(pair.slice(separator + 1).trim());
    } catch {
      env.problem(
        'OTEL_RESOURCE_ATTRIBUTES must be comma-separated key=value pairs (values percent-encoded)',
      );
      return {};
    }
  }
  return attributes;
}
