import { execFileSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
/** Where the bench compiles the project: git-ignored build output, like `dist/` itself. */
export const BENCH_BUILD_DIR = path.join(ROOT, 'dist', 'bench');

/**
 * Compiles the project with tsc, as `npm run build` does for `npm start`, so that the measured processes
 * run the JavaScript production runs rather than tsx's on-the-fly transform (which adds a helper call to
 * every function it creates and would be counted as the gateway's CPU). Built on every run, never stale.
 */
export function buildForBench(): string {
  execFileSync(
    process.execPath,
    [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json', '--outDir', BENCH_BUILD_DIR],
    {
      cwd: ROOT,
      stdio: 'inherit',
    },
  );
  return BENCH_BUILD_DIR;
}
