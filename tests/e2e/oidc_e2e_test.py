"""Single sign-on end to end: a real OpenID Connect provider (oidc-provider)
started here on a loopback port, users in groups signing in at it with the
authorization code flow and PKCE, and budgetd accepting their JWT access
tokens — fetched through discovery, mapped to roles by the shipped example
mapping, recorded as the actor of what they do — beside the token file."""
import json
import os
import subprocess
import tempfile
import unittest

import grpc
from budget.v1 import sign_in_service_pb2, sign_in_service_pb2_grpc

from budgetctl_case import BUDGETCTL, NOT_ALLOWED, OK, BudgetctlTestCase
from budgetd import Budgetd
from oidc import OidcProvider, claims, sign_in

MAPPING = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "packaging",
                       "oidc-mapping.example")
USERS = {
    "anna@naestved.dk": {"name": "Anna Berg", "groups": ["alle-ansatte", "udvalg-social"]},
    "cko@naestved.dk": {"name": "Center for Koncernservice", "groups": ["oekonomi-cko"]},
    "bo@naestved.dk": {"name": "Bo Kantine", "groups": ["alle-ansatte", "kantine"]},
}


class OidcTest(BudgetctlTestCase):
    @classmethod
    def setUpClass(cls):
        cls.idp = OidcProvider(USERS).start()
        cls.server = Budgetd(extra_args=[
            "--oidc_issuer", cls.idp.issuer, "--oidc_audience", "api://budget",
            "--oidc_mapping_file", MAPPING, "--oidc_client_id", "budget-web",
            "--oidc_scopes", "openid profile budget", "--oidc_jwks_refresh_s", "0"]).start()
        cls.home = tempfile.TemporaryDirectory(prefix="budgetctl-e2e-")

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls.idp.stop()

    def sign_in_config(self):
        with self.server.channel() as channel:
            return sign_in_service_pb2_grpc.SignInServiceStub(channel).GetSignInConfig(
                sign_in_service_pb2.GetSignInConfigRequest(), timeout=10)

    def sign_in(self, login):
        """Signs in with the settings budgetd serves, as the web app will."""
        oidc = self.sign_in_config().oidc
        return sign_in(oidc.issuer, login, oidc.client_id, oidc.audience, list(oidc.scopes))

    def as_user(self, access_token, *args):
        return subprocess.run([BUDGETCTL, "--addr", self.server.address, "--token", access_token] +
                              [str(a) for a in args], capture_output=True, text=True, env=self.env(),
                              timeout=60)

    def test_budgetd_serves_the_sign_in_settings_without_credentials(self):
        config = self.sign_in_config()
        self.assertEqual(config.oidc.issuer, self.idp.issuer)
        self.assertEqual(config.oidc.client_id, "budget-web")
        self.assertEqual(config.oidc.audience, "api://budget")
        self.assertEqual(list(config.oidc.scopes), ["openid", "profile", "budget"])
        self.assertTrue(config.bearer_tokens)

    def test_a_committee_member_signs_in_and_claims(self):
        self.open_round("r-sso")  # the coordinator's token-file token: side by side
        proposal = self.submit("r-sso", title="Færre vikarer")
        token = self.sign_in("anna@naestved.dk")
        self.assertEqual(claims(token)["groups"], ["alle-ansatte", "udvalg-social"])
        p = self.as_user(token, "committee", "claim", proposal, "--committee", "socialudvalget", "--json")
        self.assertEqual(p.returncode, OK, p.stderr)
        history = self.js("audit", "history", proposal, role="auditor")
        claimed = [e for e in history["events"] if e["type"] == "budget.v1.ProposalClaimed"]
        self.assertEqual(len(claimed), 1, history["events"])
        self.assertEqual(claimed[0]["actor"], "users/anna@naestved.dk")
        self.assertNotIn(token, self.server.logs())

    def test_whoami_shows_the_mapped_principal(self):
        token = self.sign_in("cko@naestved.dk")
        p = self.as_user(token, "whoami")
        self.assertEqual(p.returncode, OK, p.stderr)
        self.assertEqual(p.stdout, "principal: users/cko@naestved.dk\nname: Center for Koncernservice\n"
                                   "roles: coordinator\n")
        with self.server.channel() as channel:
            who = sign_in_service_pb2_grpc.SignInServiceStub(channel).WhoAmI(
                sign_in_service_pb2.WhoAmIRequest(), metadata=(("authorization", "Bearer " + token),),
                timeout=10)
        self.assertEqual(list(who.principal.roles), [2])  # ROLE_COORDINATOR

    def test_budgetctl_shows_the_sign_in_settings_without_a_token(self):
        p = subprocess.run([BUDGETCTL, "--addr", self.server.address, "sign-in-config", "--json"],
                           capture_output=True, text=True, env=self.env(), timeout=60)
        self.assertEqual(p.returncode, OK, p.stderr)
        config = json.loads(p.stdout)
        self.assertEqual(config["oidc"]["issuer"], self.idp.issuer)
        self.assertEqual(config["bearerTokens"], True)

    def test_a_user_without_a_mapped_group_is_denied_naming_the_mapping(self):
        token = self.sign_in("bo@naestved.dk")
        p = self.as_user(token, "round", "create", "r-bo", "--municipality", "X", "--budget-year", 2024)
        self.assertEqual(p.returncode, NOT_ALLOWED, p.stderr)
        self.assertIn('no role is mapped for users/bo@naestved.dk: the OIDC mapping file has no line '
                      'for its groups ["alle-ansatte","kantine"]', p.stderr)
        logs = self.server.logs()
        self.assertIn("event=token_refused code=PERMISSION_DENIED", logs)
        self.assertNotIn(token, logs)
        self.assertNotIn(token.split(".")[2], logs)


class KeyRotationTest(unittest.TestCase):
    def test_a_new_provider_key_is_fetched_on_its_first_token(self):
        first = OidcProvider(USERS, alg="ES256").start()
        with Budgetd(extra_args=["--oidc_issuer", first.issuer, "--oidc_audience", "api://budget",
                                 "--oidc_mapping_file", MAPPING, "--oidc_jwks_refresh_s", "0"]) as server:
            with server.channel() as channel:
                stub = sign_in_service_pb2_grpc.SignInServiceStub(channel)

                def who(token):
                    return stub.WhoAmI(sign_in_service_pb2.WhoAmIRequest(),
                                       metadata=(("authorization", "Bearer " + token),), timeout=10)

                scopes = ["openid", "budget"]
                old = sign_in(first.issuer, "cko@naestved.dk", "budget-web", "api://budget", scopes)
                old_kid = first.kid
                self.assertEqual(who(old).principal.name, "users/cko@naestved.dk")
                # The provider rotates to a new RSA key on the same address
                # (in place: a restart could lose its port to another test).
                try:
                    new_kid = first.rotate("RS256")
                    new = sign_in(first.issuer, "cko@naestved.dk", "budget-web", "api://budget", scopes)
                    self.assertEqual(who(new).principal.name, "users/cko@naestved.dk")
                finally:
                    first.stop()
            self.assertIn(f'event=oidc_keys_fetched why="unknown kid" kids={new_kid}', server.logs())
            # A token signed with the retired key is refused, naming its kid.
            with server.channel() as channel:
                with self.assertRaises(grpc.RpcError) as refused:
                    sign_in_service_pb2_grpc.SignInServiceStub(channel).WhoAmI(
                        sign_in_service_pb2.WhoAmIRequest(),
                        metadata=(("authorization", "Bearer " + old),), timeout=10)
            self.assertEqual(refused.exception.code(), grpc.StatusCode.UNAUTHENTICATED)
            self.assertIn(f'signed with key "{old_kid}"', refused.exception.details())


if __name__ == "__main__":
    unittest.main()
