import { ConfigError, EnvironmentReader } from '../../src/config/config-error';
import { readTelemetryConfig, type TelemetryConfig } from '../../src/config/telemetry-config';

function telemetryOf(env: Record<string, string>): TelemetryConfig {
  const reader = new EnvironmentReader(env);
  const config = readTelemetryConfig(reader);
  reader.throwIfProblems();
  return config;
}

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    telemetryOf(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('telemetry configuration (OTEL_* variables)', () => {
  it('is off when no OpenTelemetry variable is set, unlike the SDK default', () => {
    expect(telemetryOf({})).toEqual({ enabled: false });
    expect(telemetryOf({ OTEL_SERVICE_NAME: 'named-but-not-exported' })).toEqual({ enabled: false });
  });

  it('turns on with an OTLP endpoint, sending to its /v1/traces path as cce-gateway', () => {
    expect(telemetryOf({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' })).toEqual({
      enabled: true,
      serviceName: 'cce-gateway',
      tracesUrl: 'http://collector:4318/v1/traces',
      sampler: 'parentbased_always_on',
      samplerRatio: 1,
      resourceAttributes: {},
    });
  });

  it('uses a traces endpoint as given, and honours the service name, sampler and resource attributes', () => {
    expect(
      telemetryOf({
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://collector.internal/otlp/traces',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://ignored:4318',
        OTEL_SERVICE_NAME: 'cards-gateway',
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '0.25',
        OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=production,team=cards%20platform',
      }),
    ).toMatchObject({
      enabled: true,
      serviceName: 'cards-gateway',
      tracesUrl: 'https://collector.internal/otlp/traces',
      sampler: 'parentbased_traceidratio',
      samplerRatio: 0.25,
      resourceAttributes: { 'deployment.environment.name': 'production', team: 'cards platform' },
    });
  });

  it('turns on with OTEL_TRACES_EXPORTER=otlp alone, to the local collector', () => {
    expect(telemetryOf({ OTEL_TRACES_EXPORTER: 'otlp' })).toMatchObject({
      enabled: true,
      tracesUrl: 'http://localhost:4318/v1/traces',
    });
  });

  it('stays off when OTEL_TRACES_EXPORTER=none or OTEL_SDK_DISABLED=true, whatever the endpoint', () => {
    const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' };
    expect(telemetryOf({ ...endpoint, OTEL_TRACES_EXPORTER: 'none' })).toEqual({ enabled: false });
    expect(telemetryOf({ ...endpoint, OTEL_SDK_DISABLED: 'true' })).toEqual({ enabled: false });
  });

  it('names each malformed variable without echoing its value', () => {
    const problems = problemsOf({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'ftp://user:s3cret@collector',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
      OTEL_TRACES_SAMPLER: 'sometimes',
      OTEL_TRACES_SAMPLER_ARG: '2',
      OTEL_RESOURCE_ATTRIBUTES: 'no-equals-sign',
    });
    expect(problems).toEqual([
      expect.stringContaining('OTEL_EXPORTER_OTLP_PROTOCOL'),
      expect.stringContaining('OTEL_EXPORTER_OTLP_ENDPOINT'),
      expect.stringContaining('OTEL_TRACES_SAMPLER must be'),
      expect.stringContaining('OTEL_TRACES_SAMPLER_ARG'),
      expect.stringContaining('OTEL_RESOURCE_ATTRIBUTES'),
    ]);
    expect(problems.join('\n')).not.toContain('s3cret');
    expect(problemsOf({ OTEL_TRACES_EXPORTER: 'zipkin' })).toEqual([
      expect.stringContaining('OTEL_TRACES_EXPORTER'),
    ]);
  });
});
