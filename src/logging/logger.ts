import pino, { type Logger } from 'pino';

/**
 * The process logger: JSON lines, with credentials and card data removed by path. Messages never
 * carry request bodies; the paths below catch them if one is ever passed as a detail.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'cce-gateway' },
      redact: {
        paths: [
          'cardNumber',
          '*.cardNumber',
          'input.cardNumber',
          'email',
          '*.email',
          'req.headers.authorization',
          'headers.authorization',
          'signingKeyPem',
          '*.signingKeyPem',
        ],
        censor: '[REDACTED]',
      },
    },
    destination,
  );
}
