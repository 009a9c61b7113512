"""The web app in a real browser: a real budgetd serving the built app
(--web_root) and the Connect API (--http_listen), loaded with the demo round
(`budgetctl demo strategy-2024` on a demo clock), and a second round, 2025,
opened on the template after it, where the phases are open for the role
actions. Debian's Chromium, headless, is driven by playwright-core from
tests/web/app.test.mjs (node's test runner); axe-core checks every page.
Screenshots go to $WEB_TEST_OUTPUT (default build/test-output/web)."""
import hashlib
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "e2e"))

from budgetd import Budgetd, run_budgetctl, write_demo_token_files  # noqa: E402

WEB_ROOT = os.environ["BUDGET_WEB_ROOT"]
OUTPUT = os.environ.get("WEB_TEST_OUTPUT", os.path.join(os.environ["BUILD_DIR"], "test-output", "web"))
# The workplace of round 2025 answers its hearing with a token of its own
# (the demo's workplace token is for the workplace of round 2024).
WORKPLACE_2025 = "web-e2e-workplace-2025"


class WebAppTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="budget-web-")
        token_file, cls.demo_tokens, cls.tokens = write_demo_token_files(cls.tmp.name)
        digest = hashlib.sha256(WORKPLACE_2025.encode()).hexdigest()
        with open(token_file, "a") as f:
            f.write(f"sha256:{digest} bodies/bofaellesskab-enghaven-2025 hearing_body "
                    f"body=rounds/2025/workplaces/bofaellesskab-enghaven\n")
        cls.server = Budgetd(token_file=token_file, extra_args=[
            "--demo_clock=2022-08-01T08:00:00Z", "--http_listen", "127.0.0.1:0", "--web_root", WEB_ROOT]).start()
        cls.url = cls.server.http_url
        cls.ctl("demo", "strategy-2024", "--tokens", cls.demo_tokens)
        cls.open_round_2025()

    @classmethod
    def tearDownClass(cls):
        cls.server.close()
        cls.tmp.cleanup()

    @classmethod
    def ctl(cls, *args, token=None):
        p = run_budgetctl(cls.server.address, *args, token=cls.tokens[token] if token else None)
        if p.returncode != 0:
            raise AssertionError(f"budgetctl {args} failed ({p.returncode}):\n{p.stderr}")
        return p.stdout

    @classmethod
    def open_round_2025(cls):
        """Round 2025 on the template: after the demo the clock stands in October 2023,
        when 2025's proposals may be submitted; claims open at the catalogue deadline
        (1 April 2024), so the coordinator opens them early, with a reason."""
        co = "BUDGET_TOKEN_COORDINATOR"
        cls.ctl("round", "create", "2025", "--municipality", "Næstved Kommune", "--budget-year", 2025,
                "--catalogue-target", "20 mio", "--raaderum-target", "4 mio", "--cross-cutting-share", 10,
                "--template", "strategy-2024", token=co)
        cls.ctl("round", "define-committee", "socialudvalget", "--round", 2025, "--display-name", "Socialudvalget",
                "--operating-frame", "1200 mio", "--shortfall", "2 mio", token=co)
        cls.ctl("round", "define-committee", "boerne-og-uddannelsesudvalget", "--round", 2025, "--display-name",
                "Børne- og Uddannelsesudvalget", "--operating-frame", "900 mio", "--shortfall", "2 mio", token=co)
        cls.ctl("round", "define-centre", "handicap", "--round", 2025, "--display-name",
                "Center for Handicap og Psykiatri", "--committee", "socialudvalget", "--budget", "500 mio", token=co)
        cls.ctl("round", "define-workplace", "bofaellesskab-enghaven", "--round", 2025, "--display-name",
                "Bofællesskabet Enghaven", "--centre", "handicap", "--committee", "socialudvalget", token=co)
        for title, committees, amount, extra in [
                ("Fælles nattevagt i Enghaven", "socialudvalget", "1,5 mio", ["--workplace", "bofaellesskab-enghaven"]),
                ("Fælles indkøb af rengøring", "socialudvalget,boerne-og-uddannelsesudvalget", "3 mio", []),
                ("Digital visitation", "socialudvalget", "2 mio", []),
                ("Samling af SFO-ledelse", "boerne-og-uddannelsesudvalget", "1,8 mio", []),
                ("Færre vikartimer", "boerne-og-uddannelsesudvalget", "1,2 mio", [])]:
            cls.ctl("proposal", "submit", "--round", 2025, "--title", title, "--category", "other",
                    "--committee", committees, "--full-implementation", amount, "--implementation-start",
                    "2025-01-01", "--submitter", "administration", "--citizen-consequences",
                    "Borgerne mærker en ændret service.", *extra, token="BUDGET_TOKEN_CASE_WORKER")
        # Hearings and claims take only ready proposals (issue 20 §2): the
        # steering group marks the five ready and the coordinator publishes them.
        for n in range(1, 6):
            cls.ctl("proposal", "mark-ready", f"rounds/2025/proposals/P-000{n}", "--as", "steering-group",
                    token=co)
        cls.ctl("proposal", "publish", "--round", 2025, token=co)
        cls.ctl("round", "override-gate", 2025, "claims", "forced-open", "--reason",
                "Udvalgene vælger tidligt i browsertesten", token=co)
        # Rule 8: the council meets HMU before it approves the selection.
        cls.ctl("meeting", "record", "--round", 2025, "--kind", "hmu-dialogue-april", "--date", "2024-04-15",
                "--participant", "HMU", "--participant", "Økonomiudvalget", "--minutes", "Dialog om forslagene.",
                token=co)
        cls.ctl("hearing", "open", "--round", 2025, "--title", "Forårshøring 2025", "--proposal", "P-0001",
                "--body", "hmu", "--deadline", "2024-03-01", "--spring", token=co)

    def test_the_app_in_a_browser(self):
        os.makedirs(OUTPUT, exist_ok=True)
        env = dict(os.environ, WEB_URL=self.url, WEB_TOKENS=self.demo_tokens, WEB_TEST_OUTPUT=OUTPUT,
                   WEB_TOKEN_WORKPLACE_2025=WORKPLACE_2025)
        p = subprocess.run(["node", "--test", "--test-reporter=spec", os.path.join(HERE, "app.test.mjs")],
                           capture_output=True, text=True, env=env, timeout=900)
        print(p.stdout[-20000:])
        self.assertEqual(p.returncode, 0, p.stdout[-20000:] + p.stderr[-5000:] + self.server.logs()[-3000:])


class LargeCatalogueTest(unittest.TestCase):
    """5,000 proposals submitted by budget-load (on the real clock), read by the catalogue page."""

    def test_a_catalogue_of_5000(self):
        with tempfile.TemporaryDirectory(prefix="budget-web-large-") as tmp:
            token_file, demo_tokens, _ = write_demo_token_files(tmp)
            with Budgetd(token_file=token_file, extra_args=["--http_listen", "127.0.0.1:0", "--web_root", WEB_ROOT]) as server:
                url = server.http_url
                subprocess.run([os.environ["BUDGET_LOAD"], "--addr", server.address, "--tokens", demo_tokens, "--setup",
                                "--mix", "submit=1", "--count", "5000", "--round", "load"],
                               check=True, capture_output=True, timeout=300)
                p = subprocess.run(["node", "--test", "--test-reporter=spec", os.path.join(HERE, "large.test.mjs")],
                                   capture_output=True, text=True, env=dict(os.environ, WEB_URL=url, WEB_TOKENS=demo_tokens),
                                   timeout=300)
                print(p.stdout[-5000:])
                self.assertEqual(p.returncode, 0, p.stdout[-5000:] + p.stderr[-3000:])


if __name__ == "__main__":
    unittest.main()
