import pino, { type Logger } from 'pino';
import { containsCardNumber } from '../security/card-numbers';
import { redactCardNumbers } from '../security/redact-card-numbers';

/**
 * The process logger: JSON lines. Two layers keep card data and secrets out of logs: known
 * fields are removed by path, and anything shaped like a card number is masked wherever it
 * appears (message, error message, stack, nested values, and the bindings of the logger and of
 * every child logger, which pino's `formatters.log` never sees).
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const logger = pino(
    {
      level,
      base: { service: 'cce-gateway' },
      redact: {
        paths: [
          'cardNumber',
          '*.cardNumber',
          '*.*.cardNumber',
          'email',
          '*.email',
          '*.*.email',
          'authorization',
          '*.authorization',
          '*.headers.authorization',
          'signingKeyPem',
          '*.signingKeyPem',
          'encryptionPrivateKeyPem',
          '*.encryptionPrivateKeyPem',
          'decryptionKeyPem',
          '*.decryptionKeyPem',
          'cardholderName',
          '*.cardholderName',
          'firstName',
          '*.firstName',
          '*.*.firstName',
          'lastName',
          '*.lastName',
          '*.*.lastName',
        ],
        censor: '[REDACTED]',
      },
      hooks: {
        logMethod(args, method) {
          const masked = args.map((arg: unknown) => (typeof arg === 'string' ? redactCardNumbers(arg) : arg));
          return method.apply(this, masked as Parameters<typeof method>);
        },
        // The last layer, on the line as written: whatever slipped past the others (a number, an object
        // key, a printf argument, a toJSON result, an error under any field, any depth) is masked here.
        streamWrite: maskSerializedLine,
      },
      formatters: {
        log: (object) => maskCardNumbers(object) as Record<string, unknown>,
        bindings: (bindings) => maskCardNumbers(bindings) as pino.Bindings,
      },
      serializers: { err: maskedError, error: maskedError },
    },
    destination,
  );
  return maskingBindings(logger);
}

type PlainChild = (this: Logger, bindings: pino.Bindings, options?: pino.ChildLoggerOptions) => Logger;

/**
 * Pino applies `formatters.bindings` to the root logger only: a child's bindings (a request id, say)
 * are written as given. Children inherit from the root through the prototype chain, so replacing
 * `child` and `setBindings` on the root masks the bindings of every descendant too.
 */
function maskingBindings(root: Logger): Logger {
  // pino's `child` is generic in the child's custom levels, which TypeScript cannot carry through a
  // wrapper (whether it says so depends on which files it checked first): the gateway defines no
  // custom levels, so the wrapper is typed without them.
  const child = root.child as unknown as PlainChild;
  const { setBindings } = root;
  const masked = <T extends object>(value: T): T => maskCardNumbers(value) as T;
  const maskedChild: PlainChild = function maskedChild(this, bindings, options) {
    const safeOptions =
      options?.msgPrefix === undefined
        ? options
        : { ...options, msgPrefix: redactCardNumbers(options.msgPrefix) };
    return child.call(this, masked(bindings), safeOptions);
  };
  root.child = maskedChild as unknown as Logger['child'];
  root.setBindings = function maskedSetBindings(this: Logger, bindings) {
    setBindings.call(this, masked(bindings));
  };
  return root;
}

function maskCardNumbers(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactCardNumbers(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return value; // left to maskedError, pino's serializer runs after this
  if (Array.isArray(value)) return value.map((item) => maskCardNumbers(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, maskCardNumbers(item, depth + 1)]),
  );
}

/** A serialized JSON log line with every card-number-shaped string, number and key masked. */
export function maskSerializedLine(line: string): string {
  try {
    const parsed = JSON.parse(line) as unknown;
    const masked = maskJson(parsed);
    // pino's own timestamp (epoch milliseconds, 13 digits) passes Luhn about one time in ten: it is the
    // clock, not card data, so the line keeps its time.
    const time = (parsed as { time?: unknown } | null)?.time;
    if (isCurrentTimestamp(time)) (masked as Record<string, unknown>).time = time;
    return `${JSON.stringify(masked)}\n`;
  } catch {
    return redactCardNumbers(line);
  }
}

const ONE_DAY_MS = 24 * 3600_000;

function isCurrentTimestamp(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && Math.abs(value - Date.now()) < ONE_DAY_MS;
}

function maskJson(value: unknown): unknown {
  if (typeof value === 'string') return redactCardNumbers(value);
  if (typeof value === 'number') return containsCardNumber(String(value)) ? '[REDACTED PAN]' : value;
  if (Array.isArray(value)) return value.map(maskJson);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [redactCardNumbers(key), maskJson(item)]),
  );
}

function maskedError(error: Error): unknown {
  return maskCardNumbers(pino.stdSerializers.err(error));
}
