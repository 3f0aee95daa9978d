import { ConfigError } from '../../src/config/config-error';
import { createDevLogger, devLogFormat } from '../../src/dev/dev-logger';

const CARD = '2223006448842520';

function written(options: { environment?: Record<string, string>; isTerminal: boolean }) {
  const lines: string[] = [];
  const logger = createDevLogger({
    environment: options.environment ?? {},
    isTerminal: options.isTerminal,
    sink: { write: (text: string) => lines.push(text) },
  });
  logger.info({ input: { cardNumber: CARD }, detail: `card ${CARD}` }, `refused ${CARD}`);
  logger.error({ err: new Error(`bad 2223 0064 4884 2520`) }, 'failed');
  return lines.join('');
}

describe('npm run dev logs', () => {
  it('are human-readable on a terminal, and JSON on a pipe', () => {
    const terminal = written({ isTerminal: true });
    expect(terminal).not.toMatch(/^\{/m);
    expect(terminal).toContain('INFO');
    expect(terminal).toContain('refused [REDACTED PAN]');

    const pipe = written({ isTerminal: false });
    for (const line of pipe.trim().split('\n')) expect(() => JSON.parse(line) as unknown).not.toThrow();
  });

  it('mask card numbers in pretty output as in JSON: message, fields, redacted paths and errors', () => {
    const pretty = written({ isTerminal: true });

    expect(pretty).not.toContain(CARD);
    expect(pretty).not.toContain('2223 0064 4884 2520');
    expect(pretty).toContain('[REDACTED]'); // input.cardNumber, removed by path
    expect(pretty).toContain('card [REDACTED PAN]');
    expect(pretty).toContain('bad [REDACTED PAN]');
  });

  it('follow LOG_FORMAT over the terminal check', () => {
    expect(devLogFormat({ LOG_FORMAT: 'json' }, true)).toBe('json');
    expect(devLogFormat({ LOG_FORMAT: 'pretty' }, false)).toBe('pretty');
    expect(devLogFormat({}, true)).toBe('pretty');
    expect(devLogFormat({}, false)).toBe('json');
    const forcedPretty = written({ environment: { LOG_FORMAT: 'pretty' }, isTerminal: false });
    expect(forcedPretty).toContain('refused [REDACTED PAN]');
    expect(forcedPretty).not.toContain(CARD);
    expect(forcedPretty).not.toMatch(/^\{/m);
  });

  it('refuse an unknown LOG_FORMAT, naming the variable', () => {
    expect(() => devLogFormat({ LOG_FORMAT: 'xml' }, true)).toThrow(ConfigError);
    expect(() => devLogFormat({ LOG_FORMAT: 'xml' }, true)).toThrow(/LOG_FORMAT must be json or pretty/);
  });
});
