// Who is signed in, and the bearer token the API calls carry.
//
// Two ways in:
// - a pasted token from budgetd's token file, kept in sessionStorage (this tab
//   only; gone when it closes), never in a URL or a log;
// - single sign-on at the municipality's OpenID Connect provider: the
//   authorization code flow with PKCE (RFC 7636) for a public client, with
//   the issuer, client id, scopes and audience budgetd serves
//   (SignInService.GetSignInConfig). The tokens live in this module's memory
//   only; a refresh token renews the access token before it expires.

const TOKEN_KEY = 'budget.token';
// Only what must survive the redirect to the provider and back: the PKCE
// verifier and the state. Neither is a credential on its own.
const PENDING_KEY = 'budget.oidc.pending';
const RENEW_BEFORE_S = 60;

export interface OidcSettings {
  issuer: string;
  clientId: string;
  scopes: string[];
  audience: string;
}

interface Discovery {
  authorization_endpoint: string;
  token_endpoint: string;
  end_session_endpoint?: string;
}

interface Session {
  accessToken: string;
  refreshToken?: string;
  idToken?: string;
  expiresAt: number;
  settings: OidcSettings;
  discovery: Discovery;
}

let session: Session | undefined;
let renewTimer: number | undefined;
const listeners = new Set<() => void>();

export function onAuthChange(f: () => void): () => void {
  listeners.add(f);
  return () => listeners.delete(f);
}

function changed(): void {
  for (const f of listeners) f();
}

/** The token for the next call; undefined when signed out. */
export async function currentToken(): Promise<string | undefined> {
  if (session) return session.accessToken;
  return sessionStorage.getItem(TOKEN_KEY) ?? undefined;
}

export function signedInWith(): 'token' | 'oidc' | undefined {
  if (session) return 'oidc';
  return sessionStorage.getItem(TOKEN_KEY) ? 'token' : undefined;
}

export function usePastedToken(token: string): void {
  sessionStorage.setItem(TOKEN_KEY, token.trim());
  changed();
}

/** Forgets every credential; with single sign-on, also ends the provider's session. */
export function signOut(): void {
  sessionStorage.removeItem(TOKEN_KEY);
  const ended = session;
  session = undefined;
  window.clearTimeout(renewTimer);
  changed();
  if (ended?.discovery.end_session_endpoint) {
    const url = new URL(ended.discovery.end_session_endpoint);
    url.searchParams.set('client_id', ended.settings.clientId);
    url.searchParams.set('post_logout_redirect_uri', redirectUri());
    if (ended.idToken) url.searchParams.set('id_token_hint', ended.idToken);
    location.assign(url.toString());
  }
}

function redirectUri(): string {
  return `${location.origin}/`;
}

function b64url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function random(n: number): string {
  return b64url(crypto.getRandomValues(new Uint8Array(n)));
}

async function discover(issuer: string): Promise<Discovery> {
  const r = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
  if (!r.ok) throw new Error(`discovery: HTTP ${r.status}`);
  return r.json();
}

/** Sends the browser to the provider's sign-in page. */
export async function startSignIn(settings: OidcSettings): Promise<void> {
  const discovery = await discover(settings.issuer);
  const verifier = random(48);
  const state = random(16);
  const challenge = b64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  sessionStorage.setItem(PENDING_KEY, JSON.stringify({ verifier, state, back: location.hash }));
  const url = new URL(discovery.authorization_endpoint);
  const params: Record<string, string> = {
    client_id: settings.clientId, response_type: 'code', redirect_uri: redirectUri(),
    scope: settings.scopes.join(' '), state, code_challenge: challenge, code_challenge_method: 'S256',
  };
  if (settings.audience) params.resource = settings.audience;
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  location.assign(url.toString());
}

async function tokenRequest(s: { settings: OidcSettings; discovery: Discovery }, form: Record<string, string>): Promise<void> {
  const body = new URLSearchParams({ client_id: s.settings.clientId, ...form });
  if (s.settings.audience) body.set('resource', s.settings.audience);
  const r = await fetch(s.discovery.token_endpoint, { method: 'POST', body });
  if (!r.ok) throw new Error(`token endpoint: HTTP ${r.status}`);
  const answer = await r.json();
  session = {
    accessToken: answer.access_token,
    refreshToken: answer.refresh_token ?? session?.refreshToken,
    idToken: answer.id_token ?? session?.idToken,
    expiresAt: Date.now() + (answer.expires_in ?? 300) * 1000,
    settings: s.settings,
    discovery: s.discovery,
  };
  scheduleRenewal();
  changed();
}

function scheduleRenewal(): void {
  window.clearTimeout(renewTimer);
  if (!session) return;
  // A minute before expiry; for short-lived tokens, at four fifths of their life.
  const lifetime = session.expiresAt - Date.now();
  const wait = Math.max(1000, lifetime > 2 * RENEW_BEFORE_S * 1000 ? lifetime - RENEW_BEFORE_S * 1000 : lifetime * 0.8);
  renewTimer = window.setTimeout(() => void renew(), wait);
}

/** Renews the access token with the refresh token; without one, the session ends at expiry. */
export async function renew(): Promise<boolean> {
  if (!session?.refreshToken) {
    if (session && Date.now() >= session.expiresAt) { session = undefined; changed(); }
    return false;
  }
  try {
    await tokenRequest(session, { grant_type: 'refresh_token', refresh_token: session.refreshToken });
    return true;
  } catch {
    session = undefined;
    changed();
    return false;
  }
}

/** The access token's expiry (ms since the epoch), for the header and the tests. */
export function expiresAt(): number | undefined {
  return session?.expiresAt;
}

/**
 * Finishes a sign-in when the provider sent the browser back with a code:
 * exchanges it (with the PKCE verifier) for tokens and cleans the URL.
 * Returns false when this page load is not such a return.
 */
export async function completeSignIn(settings: OidcSettings | undefined): Promise<boolean> {
  const query = new URLSearchParams(location.search);
  const code = query.get('code');
  const pendingText = sessionStorage.getItem(PENDING_KEY);
  if (!code && !query.get('error')) return false;
  sessionStorage.removeItem(PENDING_KEY);
  // Back to the page the user signed in from, without the code in the URL.
  history.replaceState(null, '', location.pathname + (pendingText ? JSON.parse(pendingText).back : ''));
  dispatchEvent(new HashChangeEvent('hashchange'));
  if (!code || !pendingText || !settings) throw new Error(query.get('error_description') ?? query.get('error') ?? 'no code');
  const pending = JSON.parse(pendingText);
  if (query.get('state') !== pending.state) throw new Error('state mismatch');
  const discovery = await discover(settings.issuer);
  await tokenRequest({ settings, discovery }, {
    grant_type: 'authorization_code', code, redirect_uri: redirectUri(), code_verifier: pending.verifier,
  });
  return true;
}
