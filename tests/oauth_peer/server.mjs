// An independent OAuth 2.0 server for tether's tests: oidc-provider (a certified OpenID Connect / OAuth 2.0
// implementation) on a loopback port, with three clients, the client credentials grant and RFC 7009
// revocation, and an interaction that logs the user in and consents at once. It knows no `api:write` scope:
// requested, it is left out of the grant, so that a narrowed scope can be observed.
// Usage: node server.mjs   (prints "listening <port>" once it accepts requests; stops when stdin closes)
import http from 'node:http';
import Provider from 'oidc-provider';

// stdout carries the port line only (the test stops reading it then); the provider's notices go to stderr.
console.log = console.error;
console.info = console.error;

const server = http.createServer();
server.listen(0, '127.0.0.1', () => {
  const port = server.address().port;
  const issuer = `http://127.0.0.1:${port}`;
  const redirect = `${issuer}/cb`;
  const confidential = (id, method) => ({
    client_id: id,
    client_secret: `${id}-secret with spaces:and/colons`,
    token_endpoint_auth_method: method,
    redirect_uris: [redirect],
    grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
    response_types: ['code'],
    scope: 'openid offline_access api:read',
  });
  const provider = new Provider(issuer, {
    clients: [
      confidential('tether-basic', 'client_secret_basic'),
      confidential('tether-post', 'client_secret_post'),
      {
        client_id: 'tether-public',
        token_endpoint_auth_method: 'none',
        redirect_uris: [redirect],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        scope: 'openid offline_access api:read',
      },
    ],
    scopes: ['openid', 'offline_access', 'api:read'],
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      clientCredentials: { enabled: true },
    },
    pkce: { methods: ['S256'], required: () => false },
    issueRefreshToken: async (ctx, client) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: true,
    ttl: { AccessToken: 3600, ClientCredentials: 600, RefreshToken: 86400, Grant: 86400, Session: 86400 },
    findAccount: async (ctx, id) => ({ accountId: id, claims: async () => ({ sub: id }) }),
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    cookies: { keys: ['tether-tests-only-cookie-key'] },
  });
  const callback = provider.callback();

  server.on('request', async (req, res) => {
    try {
      if (req.url.startsWith('/cb')) {
        res.writeHead(200, { 'content-type': 'text/plain' });
        return res.end('authorized');
      }
      if (req.url.startsWith('/interaction/')) {
        const { prompt, params, session, grantId } = await provider.interactionDetails(req, res);
        if (prompt.name === 'login')
          return await provider.interactionFinished(req, res, { login: { accountId: 'user-1' } },
                                                    { mergeWithLastSubmission: false });
        const grant = grantId ? await provider.Grant.find(grantId)
                              : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
        grant.addOIDCScope(String(params.scope || ''));
        return await provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } },
                                                  { mergeWithLastSubmission: true });
      }
      return callback(req, res);
    } catch (err) {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(err));
    }
  });
  process.stdout.write(`listening ${port}\n`);
});

process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
