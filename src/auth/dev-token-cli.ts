/* eslint-disable no-console -- a command-line tool */
import { parseArgs } from 'node:util';
import { DEV_AUDIENCE, DEV_ISSUER, DevTokenIssuer } from './dev-token-issuer';
import { ALL_SCOPES } from './scopes';

// `npm run token` / `node dist/auth/dev-token-cli.js`: a throw-away identity provider for local stacks
// (docker compose, `npm start` on a laptop). Keeps a key pair in --keys-dir and prints a token.
const { values } = parseArgs({
  options: {
    'keys-dir': { type: 'string', default: '.dev-auth' },
    scope: { type: 'string', default: ALL_SCOPES.join(' ') },
    sub: { type: 'string', default: 'dev' },
    'user-id': { type: 'string' },
    'expires-in': { type: 'string', default: '24h' },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log(
    'Usage: npm run token -- [--keys-dir DIR] [--scope "users:read ..."] [--sub SUBJECT] [--user-id CCE_USER_ID] [--expires-in 24h]',
  );
  process.exit(0);
}

const issuer = DevTokenIssuer.inDirectory(values['keys-dir']);
void issuer
  .mint(
    {
      sub: values.sub,
      scope: values.scope,
      ...(values['user-id'] === undefined ? {} : { cce_user_id: values['user-id'] }),
    },
    values['expires-in'],
  )
  .then((token) => {
    console.error(
      `Gateway settings: AUTH_PUBLIC_KEY_FILE=${values['keys-dir']}/auth-public.pem AUTH_ISSUER=${DEV_ISSUER} AUTH_AUDIENCE=${DEV_AUDIENCE}`,
    );
    console.log(`Authorization: Bearer ${token}`);
  });
