"""What the budgetctl end-to-end tests share: one budgetd per test class,
budgetctl run as a subprocess against it, and helpers for its exit codes and
--json.

The binary comes from $BUDGETCTL (set by ctest). The server's phases follow
its clock, so each test opens its own round "now": work started a day ago,
proposals presented in a month; phases are then forced with override-gate.
"""
import datetime
import json
import os
import pty
import subprocess
import tempfile
import unittest

from budgetd import Budgetd, token

BUDGETCTL = os.environ["BUDGETCTL"]
DAY = 86400

OK, OTHER, INVALID, NOT_FOUND, REFUSED, CONFLICT, NOT_ALLOWED, UNAVAILABLE, CHAIN_BROKEN = range(9)

def instant(offset_seconds):
    t = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=offset_seconds)
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


class BudgetctlTestCase(unittest.TestCase):
    """One budgetd for the class; budgetctl run as a subprocess against it."""

    @classmethod
    def setUpClass(cls):
        cls.server = Budgetd().start()
        cls.home = tempfile.TemporaryDirectory(prefix="budgetctl-e2e-")

    @classmethod
    def tearDownClass(cls):
        cls.server.close()
        cls.home.cleanup()

    def path(self, name):
        return os.path.join(self.home.name, name)

    def env(self, **extra):
        """The test's environment without BUDGET_* and with a config dir of our own."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("BUDGET_")}
        env["HOME"] = self.home.name
        env["XDG_CONFIG_HOME"] = self.path("xdg")
        env.update(extra)
        return env

    def ctl(self, *args, role="coordinator", env=None, connect=True, **kw):
        cmd = [BUDGETCTL]
        if connect:
            cmd += ["--addr", self.server.address, "--token", token(role)]
        return subprocess.run(cmd + [str(a) for a in args], capture_output=True, text=True,
                              env=env if env is not None else self.env(), timeout=60, **kw)

    def ok(self, *args, **kw):
        p = self.ctl(*args, **kw)
        self.assertEqual(p.returncode, OK, f"{args}\nstdout: {p.stdout}\nstderr: {p.stderr}")
        return p.stdout

    def js(self, *args, **kw):
        return json.loads(self.ok(*args, "--json", **kw))

    def fails(self, code, *args, **kw):
        """Runs a command that must fail with `code`; returns its stderr."""
        p = self.ctl(*args, **kw)
        self.assertEqual(p.returncode, code, f"{args}\nstdout: {p.stdout}\nstderr: {p.stderr}")
        return p.stderr

    def on_terminal(self, *args, role="coordinator"):
        """Runs a command that must succeed with its stdout on a terminal;
        returns what the terminal showed."""
        master, slave = pty.openpty()
        proc = subprocess.Popen([BUDGETCTL, "--addr", self.server.address, "--token", token(role)] +
                                [str(a) for a in args], stdout=slave, stderr=subprocess.PIPE, env=self.env())
        os.close(slave)
        screen = b""
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # the terminal closed when budgetctl exited
                break
            if not chunk:
                break
            screen += chunk
        os.close(master)
        errors = proc.stderr.read()
        proc.stderr.close()
        self.assertEqual(proc.wait(timeout=60), OK, errors)
        return screen

    def write(self, name, text):
        with open(self.path(name), "w") as f:
            f.write(text)
        return self.path(name)

    def open_round(self, round_id):
        """A round whose submission and claims phases are open now."""
        self.ok("round", "create", round_id, "--municipality", "Testkommune", "--budget-year", 2024,
                "--catalogue-target", "110 mio", "--raaderum-target", "45.000.000",
                "--cross-cutting-share", 40, "--centre-own-share", "1,5")
        self.ok("round", "set-milestone", round_id, "work-started", "--at", instant(-DAY))
        self.ok("round", "set-milestone", round_id, "MILESTONE_PROPOSALS_PRESENTED", "--at", instant(30 * DAY))
        self.ok("round", "define-committee", "socialudvalget", "--round", round_id, "--display-name",
                "Socialudvalget", "--operating-frame", "1200 mio", "--shortfall", "10 mio")
        self.ok("round", "define-committee", "boerne", "--round", round_id, "--display-name",
                "Børne- og Uddannelsesudvalget", "--shortfall", "10.000.000")
        self.ok("round", "define-centre", "handicap", "--round", f"rounds/{round_id}", "--display-name",
                "Center for Handicap og Psykiatri", "--committee", "socialudvalget", "--budget", "500 mio")
        self.ok("round", "define-workplace", "enghaven", "--round", round_id, "--display-name",
                "Bofællesskabet Enghaven", "--centre", "handicap", "--committee", "socialudvalget")

    def submit(self, round_id, title="Færre vikarer", committees="socialudvalget", role="case_worker",
               extra=(), ready=True):
        """Submits a proposal by flags and, unless `ready` is false, has the
        steering group mark it ready (hearings and claims take only ready
        proposals); returns its name."""
        answer = self.js("proposal", "submit", "--round", round_id, "--title", title, "--category", "vacancies",
                         "--committee", committees, "--full-implementation", "1.000.000",
                         "--implementation-start", "2024-01-01", "--submitter", "administration",
                         "--citizen-consequences", "Længere ventetid.", *extra, role=role)
        name = answer["proposal"]["name"]
        if ready:
            self.ok("proposal", "mark-ready", name, "--as", "steering-group", role="coordinator")
        return name

    def proposal(self, name):
        return self.js("proposal", "get", name, role="auditor")

    def round(self, round_id):
        return self.js("round", "get", round_id, role="auditor")
