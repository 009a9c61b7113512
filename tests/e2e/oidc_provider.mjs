// A real OpenID Connect provider for the end-to-end tests: oidc-provider
// (certified by the OpenID Foundation; clients/web's devDependency), on a
// loopback port, with its own development login and consent pages, issuing
// JWT access tokens for one resource (RFC 8707 resource indicators) that
// carry the user's groups.
//
//   node oidc_provider.mjs '{"port": 0, "alg": "ES256", "audience": "api://budget",
//                            "users": {"anna@naestved.dk": {"name": "Anna", "groups": [...]}}}'
//
// With "webOrigin" (the web app's origin), the client is also the web app's:
// its redirect URI and sign-out return address are that origin's "/", it may
// use refresh tokens (rotated, as for every public client) to renew its
// access tokens, which live "accessTokenTTL" seconds (default 300).
//
// Prints one JSON line {"issuer": ..., "kid": ...} once it listens; stops on SIGTERM.
import { createServer } from 'node:http';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const web = process.env.BUDGET_WEB_DIR ?? join(here, '..', '..', 'clients', 'web');
// oidc-provider is installed in clients/web (npm ci there), not beside this file.
const entry = createRequire(join(web, 'package.json')).resolve('oidc-provider');
const { default: Provider, errors } = await import(pathToFileURL(entry).href);

const config = JSON.parse(process.argv[2]);

// A fresh signing key for `alg` (ES256 or RS256), as a JWK with its kid.
function signingKey(alg) {
  const kid = `${alg.toLowerCase()}-${randomUUID().slice(0, 8)}`;
  const { privateKey } = alg.startsWith('ES')
    ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
    : generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid, alg, use: 'sig' };
}

const account = (id) => {
  const user = config.users[id];
  if (!user) return undefined;
  const claims = { preferred_username: id, name: user.name, groups: user.groups };
  return { accountId: id, claims: async () => ({ sub: id, ...claims }), tokenClaims: claims };
};

const webApp = config.webOrigin ? [`${config.webOrigin}/`] : [];

// The provider for `issuer` signing with a new key of `alg`.
function makeProvider(issuer, alg) {
  const jwk = signingKey(alg);
  const provider = new Provider(issuer, {
    clients: [{
      client_id: config.clientId ?? 'budget-web',
      token_endpoint_auth_method: 'none',  // a public client: PKCE instead of a secret
      redirect_uris: [config.redirectUri ?? 'http://127.0.0.1/callback', ...webApp],
      post_logout_redirect_uris: webApp,
      grant_types: ['authorization_code', ...(config.webOrigin ? ['refresh_token'] : [])],
      response_types: ['code'],
      id_token_signed_response_alg: alg,  // the only key there is
    }],
    jwks: { keys: [jwk] },
    cookies: { keys: [randomUUID()] },
    findAccount: async (ctx, id) => account(id),
    claims: { openid: ['sub'], profile: ['name', 'preferred_username'] },
    features: {
      devInteractions: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => config.audience,
        useGrantedResource: () => true,
        getResourceServerInfo: (ctx, resource) => {
          if (resource !== config.audience) throw new errors.InvalidTarget();
          return {
            scope: 'budget',
            audience: config.audience,
            accessTokenTTL: config.accessTokenTTL ?? 300,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg } },
          };
        },
      },
    },
    // A refresh token whenever the client may use one (without the
    // offline_access scope and its extra consent: the web app renews only
    // while it is open).
    issueRefreshToken: async (ctx, client) => client.grantTypeAllowed('refresh_token'),
    // The user's groups in the access token itself: what budgetd maps.
    extraTokenClaims: async (ctx, token) => account(token.accountId)?.tokenClaims,
  });
  return { handle: provider.callback(), kid: jwk.kid };
}

// The provider answering now. A line "rotate ALG" on stdin replaces it with
// one signing with a new key, on the same address (a provider that rotated
// its keys, as after a restart), and prints its line again.
let current;
const server = createServer((req, res) => current.handle(req, res));
server.listen(config.port ?? 0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  current = makeProvider(issuer, config.alg ?? 'ES256');
  console.log(JSON.stringify({ issuer, kid: current.kid }));
  createInterface({ input: process.stdin }).on('line', (line) => {
    const [command, alg] = line.trim().split(/\s+/);
    if (command !== 'rotate') return;
    current = makeProvider(issuer, alg);
    console.log(JSON.stringify({ issuer, kid: current.kid }));
  });
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
