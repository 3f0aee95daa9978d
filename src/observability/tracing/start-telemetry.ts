import { diag, DiagLogLevel, type DiagLogger } from '@opentelemetry/api';
import type * as OtlpExporter from '@opentelemetry/exporter-trace-otlp-proto';
import type * as Resources from '@opentelemetry/resources';
import type * as SdkTrace from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { Logger } from 'pino';
import type { EnabledTelemetry, TelemetryConfig } from '../../config/telemetry-config';
import { telemetryFrom, type Telemetry } from './telemetry';

/**
 * Starts the OpenTelemetry SDK when the configuration turns tracing on; otherwise returns undefined
 * without loading it, so a gateway without a collector pays nothing for tracing.
 */
export function startTelemetry(config: TelemetryConfig, logger: Logger): Telemetry | undefined {
  if (!config.enabled) return undefined;
  // Loaded here, not imported at the top: the SDK and its protobuf exporter take ~100 ms to load.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const sdk = require('@opentelemetry/sdk-trace') as typeof SdkTrace;
  const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-proto') as typeof OtlpExporter;
  const { defaultResource, resourceFromAttributes } = require('@opentelemetry/resources') as typeof Resources;
  /* eslint-enable @typescript-eslint/no-require-imports */
  // Export failures (collector down, refused) reach the operator through the gateway's own log.
  diag.setLogger(diagnosticsTo(logger), DiagLogLevel.WARN);
  const provider = new sdk.TracerProvider({
    resource: defaultResource().merge(
      resourceFromAttributes({ ...config.resourceAttributes, [ATTR_SERVICE_NAME]: config.serviceName }),
    ),
    sampler: samplerFor(config, sdk),
    // Headers, TLS files, timeout and compression: the exporter reads OTEL_EXPORTER_OTLP_* itself.
    spanProcessors: [
      new sdk.BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: config.tracesUrl }) }),
    ],
  });
  logger.info(
    { tracesUrl: redactedUrl(config.tracesUrl), sampler: config.sampler },
    'OpenTelemetry tracing on',
  );
  return telemetryFrom(provider);
}

type SdkSamplers = Pick<
  typeof SdkTrace,
  'AlwaysOnSampler' | 'AlwaysOffSampler' | 'TraceIdRatioBasedSampler' | 'ParentBasedSampler'
>;

export function samplerFor({ sampler, samplerRatio }: EnabledTelemetry, sdk: SdkSamplers): SdkTrace.Sampler {
  const root = sampler.endsWith('always_off')
    ? new sdk.AlwaysOffSampler()
    : sampler.endsWith('traceidratio')
      ? new sdk.TraceIdRatioBasedSampler(samplerRatio)
      : new sdk.AlwaysOnSampler();
  return sampler.startsWith('parentbased_') ? new sdk.ParentBasedSampler({ root }) : root;
}

function redactedUrl(url: string): string {
  const parsed = new URL(url);
  parsed.username = '';
  parsed.password = '';
  // Collectors take API keys in the query string too.
  parsed.search = '';
  return parsed.toString();
}

function diagnosticsTo(logger: Logger): DiagLogger {
  const child = logger.child({ component: 'opentelemetry' });
  return {
    error: (message) => child.error(message),
    warn: (message) => child.warn(message),
    info: (message) => child.info(message),
    debug: (message) => child.debug(message),
    verbose: (message) => child.trace(message),
  };
}
