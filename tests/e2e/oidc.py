"""A real OpenID Connect provider (oidc-provider, tests/e2e/oidc_provider.mjs)
for the end-to-end tests, and a user signing in at it: the authorization code
flow with PKCE, through the provider's own login and consent pages, driven
over HTTP as a browser would (the web app's browser test comes with the web
app).

oidc-provider comes from clients/web/node_modules (`npm ci` in clients/web).
"""
import base64
import hashlib
import html
import http.cookiejar
import json
import os
import re
import secrets
import subprocess
import threading
import urllib.error
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
REDIRECT_URI = "http://127.0.0.1/callback"


class OidcProvider:
    """One oidc-provider process. Use as a context manager."""

    def __init__(self, users, audience="api://budget", alg="ES256", port=0, web_origin=None,
                 access_token_ttl=300):
        """`web_origin`: also the web app's client there (tests/web), with refresh tokens."""
        self.config = {"users": users, "audience": audience, "alg": alg, "port": port,
                       "redirectUri": REDIRECT_URI, "accessTokenTTL": access_token_ttl}
        if web_origin:
            self.config["webOrigin"] = web_origin
        self.proc = None
        self.issuer = None
        self.kid = None
        self.log = []

    def start(self):
        self.proc = subprocess.Popen(["node", os.path.join(HERE, "oidc_provider.mjs"), json.dumps(self.config)],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True)
        self._stderr = threading.Thread(target=lambda: self.log.extend(self.proc.stderr), daemon=True)
        self._stderr.start()
        started = self._announced("did not start (is clients/web installed? npm ci there)")
        self.issuer, self.kid = started["issuer"], started["kid"]
        return self

    def _announced(self, failure):
        """The provider's next {"issuer", "kid"} line. oidc-provider prints
        its own notices on stdout too: ours is the JSON one."""
        while True:
            line = self.proc.stdout.readline()
            if not line:
                self.proc.wait(timeout=10)
                raise RuntimeError(f"oidc-provider {failure}: " + "".join(self.log))
            if line.startswith("{"):
                return json.loads(line)

    def rotate(self, alg):
        """Replaces the signing key by a new one of `alg`, on the same issuer
        and address (what a provider does that rotated its keys)."""
        self.proc.stdin.write(f"rotate {alg}\n")
        self.proc.stdin.flush()
        self.kid = self._announced("stopped while rotating its key")["kid"]
        return self.kid

    @property
    def port(self):
        return int(self.issuer.rsplit(":", 1)[1])

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
        if self.proc:
            self._stderr.join(timeout=5)
            self.proc.stdin.close()
            self.proc.stdout.close()
            self.proc.stderr.close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def sign_in(issuer, login, client_id, audience, scopes, password="any"):
    """Signs `login` in at `issuer` with the authorization code flow and PKCE,
    typing into the provider's login form and accepting its consent page;
    returns the access token for `audience`."""
    discovery = json.load(urllib.request.urlopen(issuer + "/.well-known/openid-configuration"))
    jar = http.cookiejar.CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect)
    verifier = secrets.token_urlsafe(48)
    state = secrets.token_urlsafe(16)
    query = urllib.parse.urlencode({
        "client_id": client_id, "response_type": "code", "redirect_uri": REDIRECT_URI,
        "scope": " ".join(scopes), "state": state, "resource": audience,
        "code_challenge": _b64url(hashlib.sha256(verifier.encode()).digest()),
        "code_challenge_method": "S256"})
    url, data = discovery["authorization_endpoint"] + "?" + query, None
    for _ in range(12):
        try:
            page = browser.open(urllib.request.Request(url, data=data)).read().decode()
        except urllib.error.HTTPError as e:
            if e.code not in (302, 303):
                raise RuntimeError(f"{url}: HTTP {e.code}: {e.read().decode()[-1500:]}")
            url, data = urllib.parse.urljoin(url, e.headers["Location"]), None
            if url.startswith(REDIRECT_URI):
                break
            continue
        # The provider's page: its login form, or its consent form.
        form = re.search(r'<form[^>]*action="([^"]+)"', page)
        prompt = re.search(r'name="prompt" value="([^"]+)"', page)
        if not form or not prompt:
            raise RuntimeError("no sign-in form on " + url + ": " + page[-1500:])
        fields = {"prompt": prompt.group(1)}
        if prompt.group(1) == "login":
            fields.update(login=login, password=password)
        url = urllib.parse.urljoin(url, html.unescape(form.group(1)))
        data = urllib.parse.urlencode(fields).encode()
    answer = urllib.parse.parse_qs(urllib.parse.urlparse(url).query)
    if "code" not in answer or answer.get("state") != [state]:
        raise RuntimeError("the provider did not send a code back: " + url)
    token = json.load(urllib.request.urlopen(discovery["token_endpoint"], urllib.parse.urlencode({
        "grant_type": "authorization_code", "code": answer["code"][0], "redirect_uri": REDIRECT_URI,
        "client_id": client_id, "code_verifier": verifier, "resource": audience}).encode()))
    return token["access_token"]


def claims(access_token):
    """The payload of a JWT, unverified (for the test's own assertions)."""
    payload = access_token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
