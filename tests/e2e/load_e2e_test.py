"""budget-load (clients/load) against a live budgetd: the mixed workload, the
open-loop rate, the bounds of a run, the noop-only mix, and the refusal of any
address off this machine. Nothing here judges the server's speed; only the
offered rate is checked, loosely."""
import json
import os
import re
import subprocess
import tempfile
import unittest

from budgetd import Budgetd, token

LOAD = os.environ["BUDGET_LOAD"]

# The NAME=token file budget-load reads (.budget/demo-tokens' format), for
# the roles of budgetd.py's token file; its committee acts for socialudvalget.
TOKENS = {
    "BUDGET_TOKEN_CASE_WORKER": "case_worker",
    "BUDGET_TOKEN_SOCIAL": "committee",
    "BUDGET_TOKEN_AUDITOR": "auditor",
    "BUDGET_TOKEN_COORDINATOR": "coordinator",
}
PERCENTILES = ["p50_ms", "p90_ms", "p99_ms", "p999_ms", "max_ms"]


class LoadTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="budget-load-")
        cls.addClassCleanup(cls.tmp.cleanup)
        cls.server = Budgetd().start()
        cls.addClassCleanup(cls.server.close)
        cls.tokens = os.path.join(cls.tmp.name, "demo-tokens")
        with open(cls.tokens, "w") as f:
            for name, role in TOKENS.items():
                f.write(f"{name}={token(role)}\n")
        setup = cls.load(["--setup", "--mix", "get=1", "--count", "1"])
        assert setup.returncode == 0, setup.stderr

    @classmethod
    def load(cls, args, addr=None, tokens=True):
        # Only what the test gives: no token or address from the environment.
        env = {k: v for k, v in os.environ.items() if not k.startswith("BUDGET_TOKEN_") and k != "BUDGET_ADDR"}
        cmd = [LOAD, "--addr", addr or cls.server.address] + (["--tokens", cls.tokens] if tokens else []) + args
        return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120, cwd=cls.tmp.name)

    def load_json(self, args):
        result = self.load(args + ["--json"])
        self.assertEqual(result.returncode, 0, result.stderr)
        return json.loads(result.stdout)

    def assert_percentiles_ordered(self, op):
        values = [op[p] for p in PERCENTILES]
        self.assertEqual(values, sorted(values), op)
        self.assertGreater(op["max_ms"], 0, op)

    def test_a_mixed_workload_runs_without_errors(self):
        report = self.load_json(["--setup", "--mix", "submit=60,amend=20,claim=5,get=10,list=5,noop=5",
                                 "--duration", "2", "--concurrency", "16"])
        self.assertEqual(report["mode"], "closed")
        self.assertEqual(report["concurrency"], 16)
        self.assertGreater(report["warmup_submissions"], 0)
        self.assertGreater(report["total"]["calls"], 0)
        self.assertEqual(set(report["ops"]), {"submit", "amend", "claim", "get", "list", "noop"})
        for name, op in report["ops"].items():
            self.assertGreater(op["calls"], 0, name)
            self.assertEqual(op["calls"], op["ok"] + sum(op["errors"].values()), name)
            # A stale version is the one failure a fair run may see, and only amend sees it.
            allowed = {"ABORTED"} if name == "amend" else set()
            self.assertLessEqual(set(op["errors"]), allowed, (name, op["errors"]))
            self.assert_percentiles_ordered(op)
        self.assertEqual(report["total"]["calls"], sum(op["calls"] for op in report["ops"].values()))

    def test_the_offered_rate_is_kept(self):
        report = self.load_json(["--rate", "200", "--duration", "2"])
        self.assertEqual(report["mode"], "rate")
        self.assertAlmostEqual(report["total"]["rate"], 200, delta=50)
        # The schedule itself is exact: 2 s at 200/s is 400 calls, sent or (when
        # every slot was busy until the end) counted as unsent.
        self.assertAlmostEqual(report["total"]["calls"] + report["total"]["unsent"], 400, delta=2)
        self.assertEqual(report["total"]["ok"], report["total"]["calls"])
        # The generator states its own delay in sending, which the latencies include.
        late = (report["total"]["send_late_p50_ms"], report["total"]["send_late_p99_ms"])
        self.assertEqual(late, tuple(sorted(late)))
        self.assertGreaterEqual(late[0], 0)
        text = self.load(["--rate", "100", "--duration", "1"])
        self.assertRegex(text.stdout, r"(?m)^total calls=[0-9]+ ok=[0-9]+ rate=[0-9.]+/s unsent=[0-9]+ "
                                      r"send_late_p50=[0-9.]+ms send_late_p99=[0-9.]+ms$")

    def test_count_bounds_the_run(self):
        report = self.load_json(["--count", "50", "--duration", "600", "--concurrency", "8"])
        self.assertEqual(report["total"]["calls"], 50)

    def test_noop_only_needs_neither_round_nor_tokens(self):
        result = self.load(["--mix", "noop=1", "--count", "300", "--round", "no-such-round"], tokens=False)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertRegex(result.stdout, r"(?m)^op=noop calls=300 ok=300 rate=[0-9.]+/s p50=[0-9.]+ms "
                                        r"p90=[0-9.]+ms p99=[0-9.]+ms p999=[0-9.]+ms max=[0-9.]+ms$")
        self.assertRegex(result.stdout, r"(?m)^total calls=300 ok=300 rate=[0-9.]+/s$")
        self.assertNotRegex(result.stdout, r"op=(submit|amend|claim|get|list)")

    def test_addresses_off_this_machine_are_refused(self):
        for addr in ["192.0.2.1:50051", "example.com:50051", "10.0.0.1:50051", "[2001:db8::1]:50051",
                     "dns:///example.com:50051", "127.0.0.1"]:
            result = self.load(["--mix", "noop=1", "--count", "1"], addr=addr)
            self.assertEqual(result.returncode, 2, addr)
            self.assertIn("refusing --addr", result.stderr)
            self.assertEqual(result.stdout, "")

    def test_setup_is_safe_to_repeat(self):
        for _ in range(2):
            result = self.load(["--setup", "--mix", "claim=1", "--count", "5"])
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertNotIn("errors", result.stdout)

    def test_a_missing_round_is_named(self):
        result = self.load(["--round", "no-such-round", "--count", "1"])
        self.assertEqual(result.returncode, 1)
        self.assertIn("rounds/no-such-round does not exist: create it with --setup", result.stderr)

    def test_a_run_must_be_bounded(self):
        result = self.load(["--mix", "noop=1"])
        self.assertEqual(result.returncode, 2)
        self.assertIn("--duration", result.stderr)
        result = self.load(["--mix", "noop=1", "--duration", "7200"])
        self.assertEqual(result.returncode, 2)

    def test_a_bad_mix_is_refused(self):
        for mix in ["submit=-1", "bogus=1", "noop=0", "get=1,get=2"]:
            result = self.load(["--mix", mix, "--count", "1"])
            self.assertEqual(result.returncode, 2, mix)
            self.assertIn("--mix", result.stderr)


if __name__ == "__main__":
    unittest.main()
