import { execFile, spawn } from 'node:child_process';
import { builtinModules } from 'node:module';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { ConfigError } from '../../src/config/config-error';
import { readGatewayConfig } from '../../src/config/gateway-config';

// No Docker engine runs here: these check what the image and docker-compose.yml rely on instead.
const ROOT = path.resolve(__dirname, '../..');
const run = promisify(execFile);

function runtimeStage(): string {
  const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
  return dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
}

function commandOf(instruction: 'CMD', stage: string): string[] {
  const line = stage.split('\n').find((candidate) => candidate.startsWith(`${instruction} `));
  return JSON.parse(line!.slice(instruction.length + 1)) as string[];
}

describe('the container image', () => {
  beforeAll(async () => {
    // From scratch, as the image's build stage does: no file left over from an earlier build.
    rmSync(path.join(ROOT, 'dist'), { recursive: true, force: true });
    await run('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT });
  }, 120_000);

  it('carries no development entry point, and needs no development dependency at run time', () => {
    const files = readdirSync(path.join(ROOT, 'dist'), { recursive: true, encoding: 'utf8' }).filter((file) =>
      file.endsWith('.js'),
    );
    const packageJson = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    const required = new Set(
      files.flatMap((file) =>
        [...readFileSync(path.join(ROOT, 'dist', file), 'utf8').matchAll(/require\("([^"]+)"\)/g)].map(
          ([, name]) => name!,
        ),
      ),
    );
    const packages = [...required]
      .filter((name) => !name.startsWith('.') && !name.startsWith('node:') && !builtinModules.includes(name))
      .map((name) =>
        name
          .split('/')
          .slice(0, name.startsWith('@') ? 2 : 1)
          .join('/'),
      );

    expect(files).not.toContain('dev.js');
    expect(files.filter((file) => file.startsWith(`dev${path.sep}`))).toEqual([]);
    expect(files.filter((file) => file.includes('embedded') || file.includes('database-ladder'))).toEqual([]);
    expect(packages.filter((name) => !(name in packageJson.dependencies))).toEqual([]);
    expect(Object.keys(packageJson.dependencies)).not.toContain('mongodb-memory-server-core');
    expect(Object.keys(packageJson.devDependencies)).toContain('mongodb-memory-server-core');
  });

  it('runs as a non-root user, with production dependencies only, and checks /healthz', () => {
    const stage = runtimeStage();

    expect(stage).toMatch(/^USER node$/m);
    expect(stage).toContain('npm ci --omit=dev');
    expect(stage).toMatch(/HEALTHCHECK[\s\S]*\/healthz/);
    expect(stage).not.toMatch(/COPY (src|test|bench)\b/);
  });

  it('starts a compiled entry point that exists after npm run build and checks its configuration', async () => {
    const [node, entry] = commandOf('CMD', runtimeStage());
    expect(node).toBe('node');
    expect(existsSync(path.join(ROOT, entry!))).toBe(true);

    const failure = await run(process.execPath, [entry!], {
      cwd: ROOT,
      env: { PATH: process.env.PATH },
    }).catch((error: { code: number; stderr: string }) => error);

    expect(failure).toMatchObject({ code: 1, stderr: expect.stringContaining('MONGODB_URI is required') });
  });

  it('ships what docker-compose.yml runs: the compiled sandbox starts and finds the contract', async () => {
    const compose = parse(readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8')) as {
      services: Record<string, { command?: string[]; environment?: Record<string, string> }>;
    };
    const [node, script, ...args] = compose.services.sandbox!.command!;
    expect(node).toBe('node');
    expect(runtimeStage()).toContain('COPY contract ./contract');
    const keysDir = mkdtempSync(path.join(tmpdir(), 'compose-keys-'));
    // The same command, on a free loopback port with a temporary keys directory.
    const local: Record<string, string> = { '/keys': keysDir, '8081': '0', '0.0.0.0': '127.0.0.1' };
    const sandbox = spawn(process.execPath, [script!, ...args.map((arg) => local[arg] ?? arg)], {
      cwd: ROOT,
    });
    const output = await new Promise<string>((resolve, reject) => {
      let text = '';
      sandbox.stdout.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        if (text.includes('CCE_DECRYPTION_KEY_FILE')) resolve(text);
      });
      sandbox.once('exit', (code) => reject(new Error(`sandbox exited with ${code}: ${text}`)));
    });
    sandbox.kill('SIGTERM');

    expect(output).toMatch(/CCE sandbox listening at http:\/\/127\.0\.0\.1:\d+\/cts/);
    const [authNode, authScript, ...authArgs] = compose.services.auth!.command!;
    expect(authNode).toBe('node');
    const token = await run(
      process.execPath,
      [authScript!, ...authArgs.map((arg) => arg.replace('/keys', keysDir))],
      {
        cwd: ROOT,
      },
    );
    expect(token.stdout).toMatch(/^Authorization: Bearer [\w-]+\.[\w-]+\.[\w-]+\n$/);
    const gateway = compose.services.gateway!.environment!;
    for (const file of [
      'CCE_CONSUMER_KEY_FILE',
      'CCE_SIGNING_KEY_FILE',
      'CCE_ENCRYPTION_CERT_FILE',
      'CCE_DECRYPTION_KEY_FILE',
      'AUTH_PUBLIC_KEY_FILE',
    ]) {
      expect(existsSync(gateway[file]!.replace('/keys', keysDir))).toBe(true);
    }
    // Its keys and CCE URL pass the production checks (plain http to the sandbox container only).
    const inTest = Object.fromEntries(
      Object.entries(gateway).map(([name, value]) => [name, value.replace('/keys', keysDir)]),
    );
    const problems = (() => {
      try {
        readGatewayConfig(inTest);
        return [];
      } catch (error) {
        if (error instanceof ConfigError) return error.problems;
        throw error;
      }
    })();
    expect(problems.filter((problem) => /^(CARD_FINGERPRINT|PERSONAL_DATA|CCE_)/.test(problem))).toEqual([]);
  });
});
