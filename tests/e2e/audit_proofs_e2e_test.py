"""Signed tree heads and Merkle proofs end to end: budgetd makes its signing
key, budgetctl fetches heads and proofs (tables and --json), and
budget-verify checks them offline with only the public key — and refuses a
tampered leaf, a forged root, a wrong key and a head from a forked log, each
saying why."""
import json
import os
import subprocess
import tempfile
import time

from budgetctl_case import OK, NOT_ALLOWED, INVALID, BudgetctlTestCase
from budgetd import Budgetd, token

BUDGET_VERIFY = os.environ["BUDGET_VERIFY"]
REFUSED = 1


class AuditProofsTest(BudgetctlTestCase):
    @classmethod
    def setUpClass(cls):
        cls.keys = tempfile.TemporaryDirectory(prefix="budget-keys-")
        cls.key = os.path.join(cls.keys.name, "signing-key.pem")
        cls.heads = os.path.join(cls.keys.name, "heads.jsonl")
        cls.server = Budgetd(extra_args=["--signing_key", cls.key, "--head_file", cls.heads,
                                         "--head_every_events", "5"]).start()
        cls.home = tempfile.TemporaryDirectory(prefix="budgetctl-e2e-")

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls.keys.cleanup()

    def save(self, name, document):
        with open(self.path(name), "w") as f:
            json.dump(document, f)
        return self.path(name)

    @staticmethod
    def load(path):
        with open(path) as f:
            return f.read()

    def at(self, server, role, *args):
        """budgetctl against another server; must succeed; returns stdout."""
        p = subprocess.run([os.environ["BUDGETCTL"], "--addr", server.address, "--token", token(role)] +
                           [str(a) for a in args], capture_output=True, text=True, env=self.env(), timeout=60)
        self.assertEqual(p.returncode, OK, p.stderr)
        return p.stdout

    def verify(self, *args):
        p = subprocess.run([BUDGET_VERIFY] + [str(a) for a in args], capture_output=True, text=True, timeout=60)
        return p.returncode, p.stdout + p.stderr

    def test_proofs_verify_offline_and_tampering_is_refused_saying_why(self):
        public_key = self.key + ".pub"
        self.assertTrue(os.path.exists(self.key), "budgetd made the key its --signing_key names")
        self.assertIn("BEGIN PUBLIC KEY", self.load(public_key))
        self.open_round("r-proof")
        saved = self.save("saved-head.json", self.js("audit", "head", role="auditor"))
        text = self.ok("audit", "head", role="coordinator")
        for expected in ["tree size:", "root hash:", "key id:", "signature:"]:
            self.assertIn(expected, text)
        self.assertEqual(self.verify("--public_key", public_key, "--head", saved)[0], OK)

        answer = self.js("proposal", "submit", "--round", "r-proof", "--title", "Færre vikarer", "--category",
                         "vacancies", "--committee", "socialudvalget", "--full-implementation", "1.000.000",
                         "--implementation-start", "2024-01-01", "--submitter", "administration",
                         role="case_worker")
        position = int(answer["logPosition"])
        self.assertGreaterEqual(int(answer["treeSize"]), position)
        for i in range(3):
            self.submit("r-proof", title=f"Forslag {i}")

        inclusion = self.js("audit", "prove-inclusion", position, role="auditor")
        self.assertEqual(int(inclusion["position"]), position)
        text = self.ok("audit", "prove-inclusion", position, "--tree-size", answer["treeSize"], role="auditor")
        self.assertIn(f"proof that event {position}", text)
        self.assertIn("audit path", text)
        proof = self.save("inclusion.json", inclusion)
        event_hash = self.js("audit", "log", "--from", position, "--page-size", 1,
                             role="auditor")["entries"][0]["hash"]
        code, out = self.verify("--public_key", public_key, "--inclusion", proof, "--event_hash", event_hash)
        self.assertEqual(code, OK, out)
        self.assertIn(f"inclusion: ok, event {position}", out)

        # A tampered leaf: another event hash than the one proven.
        tampered = dict(inclusion, eventHash=("0" if event_hash[0] != "0" else "1") + event_hash[1:])
        code, out = self.verify("--public_key", public_key, "--inclusion", self.save("leaf.json", tampered))
        self.assertEqual(code, REFUSED, out)
        self.assertIn("is not proven in the signed head", out)
        # A forged root: the head's root changed, its signature no longer fits.
        forged = json.loads(json.dumps(inclusion))
        forged["head"]["rootHash"] = "ab" * 32
        code, out = self.verify("--public_key", public_key, "--inclusion", self.save("root.json", forged))
        self.assertEqual(code, REFUSED, out)
        self.assertIn("altered or forged", out)
        # A wrong key.
        other = self.path("other.pem")
        subprocess.run(["openssl", "genpkey", "-algorithm", "ed25519", "-out", other], check=True)
        subprocess.run(["openssl", "pkey", "-in", other, "-pubout", "-out", other + ".pub"], check=True)
        code, out = self.verify("--public_key", other + ".pub", "--inclusion", proof)
        self.assertEqual(code, REFUSED, out)
        self.assertIn("not by the given public key", out)

        # The log today extends the head saved earlier.
        saved_size = json.loads(self.load(saved))["treeSize"]
        consistency = self.save("consistency.json", self.js("audit", "prove-consistency", saved_size,
                                                            role="auditor"))
        code, out = self.verify("--public_key", public_key, "--consistency", consistency, "--saved_head", saved)
        self.assertEqual(code, OK, out)
        self.assertIn("consistency: ok", out)
        text = self.ok("audit", "prove-consistency", saved_size, role="administrator")
        self.assertIn("older head:", text)
        self.assertIn("newer head:", text)

        self.fails(NOT_ALLOWED, "audit", "head", role="case_worker")
        self.assertIn("position", self.fails(INVALID, "audit", "prove-inclusion", 0, role="auditor"))

    def test_a_head_from_a_forked_log_is_refused(self):
        self.open_round("r-fork")
        backup = self.path("fork-backup")
        self.ok("admin", "backup", backup, role="administrator")
        # The log goes on; an auditor saves its head.
        for i in range(3):
            self.submit("r-fork", title=f"Ægte {i}")
        saved = self.save("real-head.json", self.js("audit", "head", role="auditor"))
        size = json.loads(self.load(saved))["treeSize"]
        # The operator restores the backup and writes other history with the
        # same key: a fork of the log the auditor saw.
        with Budgetd(data_dir=backup, extra_args=["--signing_key", self.key]) as fork:
            for i in range(6):
                self.at(fork, "case_worker", "proposal", "submit", "--round", "r-fork", "--title", f"Falsk {i}",
                        "--category", "vacancies", "--committee", "socialudvalget", "--full-implementation",
                        "1.000.000", "--implementation-start", "2024-01-01", "--submitter", "administration")
            forked = self.save("forked.json",
                               json.loads(self.at(fork, "auditor", "audit", "prove-consistency", size, "--json")))
        code, out = self.verify("--public_key", self.key + ".pub", "--consistency", forked, "--saved_head", saved)
        self.assertEqual(code, REFUSED, out)
        self.assertIn("does not extend the saved head", out)
        self.assertIn("forked or rewritten", out)

    def test_published_heads_verify(self):
        self.open_round("r-pub")
        deadline = time.time() + 10
        while time.time() < deadline and not os.path.exists(self.heads):
            time.sleep(0.1)
        code, out = self.verify("--public_key", self.key + ".pub", "--head", self.heads)
        self.assertEqual(code, OK, out)
        self.assertIn("head: ok", out)
