"""Single sign-on in the web app: a real OpenID Connect provider
(oidc-provider, tests/e2e/oidc_provider.mjs) with the web app registered as a
public client, budgetd serving the app and accepting the provider's tokens;
Chromium signs in through the provider's own login page (authorization code
flow with PKCE), claims a proposal as the committee member the provider's
groups map to, has its access token renewed silently, and signs out
(tests/web/oidc.test.mjs)."""
import os
import socket
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "e2e"))

from budgetctl_case import BudgetctlTestCase  # noqa: E402
from budgetd import Budgetd  # noqa: E402
from oidc import OidcProvider  # noqa: E402

MAPPING = os.path.join(HERE, "..", "..", "packaging", "oidc-mapping.example")
USERS = {"anna@naestved.dk": {"name": "Anna Berg", "groups": ["alle-ansatte", "udvalg-social"]}}
# Short enough that the test sees the app renew it.
ACCESS_TOKEN_TTL = 20


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class WebOidcTest(BudgetctlTestCase):
    @classmethod
    def setUpClass(cls):
        # The provider must know the app's address (its redirect URI) before budgetd,
        # which must know the provider's, starts.
        port = free_port()
        cls.url = f"http://127.0.0.1:{port}"
        cls.idp = OidcProvider(USERS, web_origin=cls.url, access_token_ttl=ACCESS_TOKEN_TTL).start()
        cls.server = Budgetd(extra_args=[
            "--oidc_issuer", cls.idp.issuer, "--oidc_audience", "api://budget",
            "--oidc_mapping_file", MAPPING, "--oidc_client_id", "budget-web",
            "--oidc_scopes", "openid profile budget", "--oidc_jwks_refresh_s", "0",
            "--http_listen", f"127.0.0.1:{port}", "--web_root", os.environ["BUDGET_WEB_ROOT"]]).start()
        cls.home = tempfile.TemporaryDirectory(prefix="budget-web-oidc-")

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls.idp.stop()

    def test_sign_in_claim_renew_sign_out(self):
        self.open_round("2024")  # with the coordinator's token-file token: side by side
        self.submit("2024", title="Færre vikarer i Socialudvalgets område")
        env = dict(os.environ, WEB_URL=self.url, WEB_TEST_OUTPUT=os.environ.get(
            "WEB_TEST_OUTPUT", os.path.join(os.environ["BUILD_DIR"], "test-output", "web")),
            WEB_TOKEN_TTL=str(ACCESS_TOKEN_TTL))
        p = subprocess.run(["node", "--test", "--test-reporter=spec", os.path.join(HERE, "oidc.test.mjs")],
                           capture_output=True, text=True, env=env, timeout=300)
        print(p.stdout[-10000:])
        self.assertEqual(p.returncode, 0, p.stdout[-10000:] + p.stderr[-3000:] + self.server.logs()[-3000:] +
                         "".join(self.idp.log)[-3000:])
        claimed = self.js("audit", "log", "--round", "2024", "--type", "budget.v1.ProposalClaimed", role="auditor")
        self.assertEqual([e["actor"] for e in claimed["entries"]], ["users/anna@naestved.dk"])


if __name__ == "__main__":
    unittest.main()
