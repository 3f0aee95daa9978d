import type { Logger } from 'pino';
import { prettyFactory } from 'pino-pretty';
import { EnvironmentReader, type Environment } from '../config/config-error';
import { createLogger } from '../logging/logger';

export type LogFormat = 'json' | 'pretty';

/** Where log lines go: stdout by default, a collector in tests. */
export interface LogSink {
  write(text: string): unknown;
}

/**
 * `LOG_FORMAT` when set; otherwise human-readable lines on a terminal and JSON anywhere else (a pipe,
 * a file, a log collector), so that `npm run dev | jq` and `npm run dev > file` still get JSON.
 */
export function devLogFormat(environment: Environment, isTerminal: boolean): LogFormat {
  const env = new EnvironmentReader(environment);
  const format = env.optional('LOG_FORMAT');
  if (format === undefined) return isTerminal ? 'pretty' : 'json';
  if (format === 'json' || format === 'pretty') return format;
  env.problem('LOG_FORMAT must be json or pretty');
  env.throwIfProblems();
  return 'json';
}

/**
 * The process logger of `npm run dev`. Pretty printing happens after the production logger has
 * written (and masked) each JSON line, so redaction and card-number masking hold in both formats.
 */
export function createDevLogger(options: {
  environment: Environment;
  isTerminal: boolean;
  sink?: LogSink;
}): Logger {
  const sink = options.sink ?? process.stdout;
  const level = options.environment.LOG_LEVEL ?? 'info';
  if (devLogFormat(options.environment, options.isTerminal) === 'json') return createLogger(level, sink);
  const prettify = prettyFactory({
    colorize: options.isTerminal,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,service',
  });
  return createLogger(level, { write: (line: string) => sink.write(prettify(line)) });
}
