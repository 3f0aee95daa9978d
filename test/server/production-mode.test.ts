import { execFileSync } from 'node:child_process';
import path from 'node:path';

const PRODUCTION_MODE = path.join(__dirname, '../../src/production-mode.ts');

/** NODE_ENV as graphql-js would see it after src/main.ts's first import, in a fresh process. */
function nodeEnvAfterImport(nodeEnv: string | undefined): string {
  const env = { ...process.env };
  delete env.NODE_ENV;
  if (nodeEnv !== undefined) env.NODE_ENV = nodeEnv;
  return execFileSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '-e',
      `require(${JSON.stringify(PRODUCTION_MODE)}); process.stdout.write(process.env.NODE_ENV)`,
    ],
    { env, encoding: 'utf8' },
  );
}

describe('the production default for NODE_ENV (src/production-mode.ts)', () => {
  it.each([
    { given: 'an unset', nodeEnv: undefined, expected: 'production' },
    { given: 'an empty', nodeEnv: '', expected: 'production' },
    { given: 'a chosen', nodeEnv: 'development', expected: 'development' },
  ])('$given NODE_ENV gives $expected', ({ nodeEnv, expected }) => {
    expect(nodeEnvAfterImport(nodeEnv)).toBe(expected);
  });
});
