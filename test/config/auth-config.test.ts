import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DevTokenIssuer } from '../../src/auth/dev-token-issuer';
import { readAuthConfig } from '../../src/config/auth-config';
import { EnvironmentReader } from '../../src/config/config-error';

function read(env: Record<string, string>) {
  const reader = new EnvironmentReader(env);
  const config = readAuthConfig(reader);
  return { config, problems: reader.problems };
}

describe('authentication configuration', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'auth-config-'));
  const publicKeyFile = path.join(dir, 'public.pem');
  writeFileSync(publicKeyFile, DevTokenIssuer.create().publicKeyPem());
  const base = { AUTH_ISSUER: 'https://idp.example', AUTH_AUDIENCE: 'cce-gateway' };

  it('is required: nothing configured names every variable', () => {
    const { problems } = read({});

    expect(problems.join('\n')).toMatch(/AUTH_JWKS_URL, AUTH_PUBLIC_KEY_FILE, AUTH_SHARED_SECRET/);
    expect(problems.join('\n')).toMatch(/AUTH_ISSUER is required/);
    expect(problems.join('\n')).toMatch(/AUTH_AUDIENCE is required/);
  });

  it('is off only when AUTH_DISABLED=true says so', () => {
    expect(read({ AUTH_DISABLED: 'true' })).toEqual({ config: { enabled: false }, problems: [] });
    expect(read({ AUTH_DISABLED: 'yes' }).problems).toContain('AUTH_DISABLED must be true or false');
  });

  it('reuses verified tokens for 30 s unless AUTH_TOKEN_CACHE_SECONDS says 0 to 300 otherwise', () => {
    const withCache = (seconds?: string) =>
      read({
        ...base,
        AUTH_PUBLIC_KEY_FILE: publicKeyFile,
        ...(seconds === undefined ? {} : { AUTH_TOKEN_CACHE_SECONDS: seconds }),
      });

    expect(withCache().config).toMatchObject({ tokenCacheSeconds: 30 });
    expect(withCache('0').config).toMatchObject({ tokenCacheSeconds: 0 });
    for (const refused of ['301', '-1', 'soon']) {
      expect(withCache(refused).problems.join('\n')).toMatch(/AUTH_TOKEN_CACHE_SECONDS/);
    }
  });

  it('allows the asymmetric algorithms by default, never none or HS* with a public key', () => {
    const { config, problems } = read({ ...base, AUTH_PUBLIC_KEY_FILE: publicKeyFile });

    expect(problems).toEqual([]);
    expect(config).toMatchObject({ enabled: true, algorithms: ['RS256', 'PS256', 'ES256', 'EdDSA'] });
    for (const algorithms of ['none', 'HS256', 'RS256,HS256']) {
      expect(
        read({ ...base, AUTH_PUBLIC_KEY_FILE: publicKeyFile, AUTH_ALGORITHMS: algorithms }).problems,
      ).toEqual([expect.stringMatching(/^AUTH_ALGORITHMS must be/)]);
    }
  });

  it('takes HS256 only with a shared secret of at least 32 bytes, configured on purpose', () => {
    expect(read({ ...base, AUTH_SHARED_SECRET: 's'.repeat(32) })).toMatchObject({
      config: { algorithms: ['HS256'] },
      problems: [],
    });
    expect(read({ ...base, AUTH_SHARED_SECRET: 'short' }).problems).toEqual([
      'AUTH_SHARED_SECRET must be at least 32 bytes',
    ]);
  });

  it('fetches keys over https only (http on loopback for local identity providers)', () => {
    expect(read({ ...base, AUTH_JWKS_URL: 'https://idp.example/.well-known/jwks.json' }).problems).toEqual(
      [],
    );
    expect(read({ ...base, AUTH_JWKS_URL: 'http://127.0.0.1:8080/jwks' }).problems).toEqual([]);
    expect(read({ ...base, AUTH_JWKS_URL: 'http://idp.example/jwks' }).problems).toEqual([
      'AUTH_JWKS_URL must be an https:// URL (http:// only on loopback)',
    ]);
  });

  it('refuses two key sources and an unreadable key file, naming the variables', () => {
    expect(
      read({ ...base, AUTH_PUBLIC_KEY_FILE: publicKeyFile, AUTH_SHARED_SECRET: 's'.repeat(32) }).problems,
    ).toEqual(['set only one of AUTH_PUBLIC_KEY_FILE, AUTH_SHARED_SECRET']);
    expect(read({ ...base, AUTH_PUBLIC_KEY_FILE: path.join(dir, 'missing.pem') }).problems).toEqual([
      expect.stringMatching(/^AUTH_PUBLIC_KEY_FILE: cannot read a public key/),
    ]);
  });
});
