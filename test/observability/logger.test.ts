import { createLogger } from '../../src/logging/logger';

describe('createLogger', () => {
  function logWith(write: (logger: ReturnType<typeof createLogger>) => void): Record<string, unknown> {
    const lines: string[] = [];
    write(createLogger('info', { write: (line: string) => lines.push(line) }));
    return JSON.parse(lines[0]!) as Record<string, unknown>;
  }

  it('masks a card number in the message', () => {
    expect(logWith((logger) => logger.info('refused 2223006448842520')).msg).toBe('refused [REDACTED PAN]');
  });

  it('removes card numbers, emails and keys by field, at any depth up to three', () => {
    const line = logWith((logger) =>
      logger.info(
        { input: { cardNumber: '2223006448842520', email: { value: 'a@b.co' } }, signingKeyPem: 'PEM' },
        'x',
      ),
    );

    expect(line).toMatchObject({
      input: { cardNumber: '[REDACTED]', email: '[REDACTED]' },
      signingKeyPem: '[REDACTED]',
    });
  });

  it('masks card-number-shaped text in any nested string and in errors', () => {
    const line = logWith((logger) =>
      logger.error(
        { detail: { upstream: 'card 2223 0064 4884 2520' }, err: new Error('bad 2223006448842520') },
        'x',
      ),
    );

    expect(line.detail).toEqual({ upstream: 'card [REDACTED PAN]' });
    expect(line.err).toMatchObject({ type: 'Error', message: 'bad [REDACTED PAN]' });
    expect(JSON.stringify(line.err)).not.toContain('2223006448842520');
  });
});
