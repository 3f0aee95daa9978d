import { createLogger } from '../../src/logging/logger';
import { passesLuhn } from '../../src/security/luhn';

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

describe('createLogger bindings', () => {
  function lines(write: (logger: ReturnType<typeof createLogger>) => void): string[] {
    const written: string[] = [];
    write(createLogger('info', { write: (line: string) => written.push(line) }));
    return written;
  }

  it('masks card numbers in the bindings of child loggers, grandchildren and setBindings', () => {
    const written = lines((logger) => {
      const child = logger.child({ requestId: '2223006448842520', nested: { id: '2223 0064 4884 2520' } });
      child.info('one');
      child.child({ step: 'pan_2223\t0064\t4884\t2520' }).info('two');
      child.setBindings({ later: '2223-0064-4884-2520' });
      child.info('three');
      logger.child({}, { msgPrefix: '2223006448842520 ' }).info('four');
    });

    expect(written).toHaveLength(4);
    expect(JSON.parse(written[0]!)).toMatchObject({
      requestId: '[REDACTED PAN]',
      nested: { id: '[REDACTED PAN]' },
    });
    expect(JSON.parse(written[1]!)).toMatchObject({ step: 'pan_[REDACTED PAN]' });
    expect(JSON.parse(written[2]!)).toMatchObject({ later: '[REDACTED PAN]' });
    expect(written.join('\n')).not.toMatch(/2223\D{0,3}0064/);
  });
});

describe('createLogger, on the line as written', () => {
  const pan = '2223006448842520';

  it.each([
    ['a number', (logger: ReturnType<typeof createLogger>) => logger.info({ n: Number(pan) }, 'x')],
    [
      'a value nested deeper than the field masks look',
      (logger: ReturnType<typeof createLogger>) =>
        logger.info({ a: { b: { c: { d: { e: { f: { g: { h: pan } } } } } } } }, 'x'),
    ],
    ['an object key', (logger: ReturnType<typeof createLogger>) => logger.info({ [pan]: true }, 'x')],
    ['a printf argument', (logger: ReturnType<typeof createLogger>) => logger.info('card %d', Number(pan))],
    [
      'a toJSON result',
      (logger: ReturnType<typeof createLogger>) => logger.info({ v: { toJSON: () => pan } }, 'x'),
    ],
    [
      'an error under another field',
      (logger: ReturnType<typeof createLogger>) =>
        logger.info({ failure: Object.assign(new Error('x'), { value: pan }) }, 'x'),
    ],
  ])('masks a card number given as %s', (_name, write) => {
    const written: string[] = [];
    write(createLogger('info', { write: (line: string) => written.push(line) }));

    expect(written).toHaveLength(1);
    expect(() => JSON.parse(written[0]!) as unknown).not.toThrow();
    expect(written[0]).not.toContain(pan);
  });
});

describe('createLogger timestamps', () => {
  afterEach(() => jest.useRealTimers());

  it('keeps the time of a line whose epoch milliseconds happen to pass Luhn, and still masks such a number elsewhere', () => {
    // The next millisecond from now whose 13 digits form a Luhn-valid number (one in ten are).
    let now = Date.now();
    while (!passesLuhn(String(now))) now += 1;
    jest.useFakeTimers({ now });
    const written: string[] = [];

    createLogger('info', { write: (line: string) => written.push(line) }).info({ detail: now }, 'tick');

    expect(JSON.parse(written[0]!)).toMatchObject({ time: now, detail: '[REDACTED PAN]', msg: 'tick' });
  });
});
