"""Starts and stops a real budgetd process for end-to-end tests.

The binary comes from $BUDGETD, the generated Python modules from $PYTHONPATH
(set by ctest). Every server gets its own temporary data directory and a token
file with one token per role.
"""
import hashlib
import os
import re
import signal
import subprocess
import tempfile
import threading
import time
import unittest
import urllib.request

import grpc

ROLES = ["case_worker", "coordinator", "committee", "council", "hmu", "hearing_body",
         "auditor", "administrator", "public", "employee", "finance_committee"]


def token(role):
    return "e2e-token-" + role


def write_token_file(path, roles=ROLES):
    with open(path, "w") as f:
        for role in roles:
            digest = hashlib.sha256(token(role).encode()).hexdigest()
            extra = ""
            if role == "committee":
                extra = " committee=socialudvalget"
            if role == "hearing_body":
                extra = " body=rounds/2024/workplaces/bofaellesskab-enghaven"
            f.write(f"sha256:{digest} users/{role} {role}{extra}\n")


def run_budgetctl(address, *args, token=None, timeout=300):
    """Runs $BUDGETCTL against `address`; returns the CompletedProcess. The
    caller's BUDGET_* variables are left out, so only `token` (or a token file
    among `args`) authenticates."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("BUDGET_")}
    cmd = [os.environ["BUDGETCTL"], "--addr", address]
    if token:
        cmd += ["--token", token]
    return subprocess.run(cmd + [str(a) for a in args], capture_output=True, text=True, env=env,
                          timeout=timeout)


class Budgetd:
    """One budgetd process. Use as a context manager."""

    def __init__(self, data_dir=None, extra_args=(), token_file=None):
        self._tmp = tempfile.TemporaryDirectory(prefix="budget-e2e-")
        self.dir = self._tmp.name
        self.data_dir = data_dir or os.path.join(self.dir, "data")
        self.token_file = token_file or os.path.join(self.dir, "tokens")
        if token_file is None:
            write_token_file(self.token_file)
        self.extra_args = list(extra_args)
        self.proc = None
        self.address = None
        self.log = []

    def start(self, wait=True):
        cmd = [os.environ["BUDGETD"], "--data_dir", self.data_dir, "--listen", "127.0.0.1:0",
               "--metrics_listen", "127.0.0.1:0", "--token_file", self.token_file] + self.extra_args
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self._stderr = threading.Thread(target=self._drain, daemon=True)
        self._stderr.start()
        if not wait:
            return self
        line = self.proc.stdout.readline()
        m = re.search(r"listening on (\S+)", line)
        if not m:
            self.proc.wait(timeout=10)
            raise RuntimeError("budgetd did not start: " + line + "".join(self.log))
        self.address = m.group(1)
        m = re.search(r"metrics on (\S+)", self.proc.stdout.readline())
        self.metrics_url = m.group(1) if m else None
        # With --http_listen: "HTTP (Connect) on http://host:port/".
        self.http_url = None
        if any(a.startswith("--http_listen") for a in self.extra_args):
            m = re.search(r"HTTP \(Connect\) on (\S+)/", self.proc.stdout.readline())
            self.http_url = m.group(1) if m else None
        return self

    def _drain(self):
        for line in self.proc.stderr:
            self.log.append(line)

    def channel(self):
        return grpc.insecure_channel(self.address)

    @staticmethod
    def auth(role):
        return (("authorization", "Bearer " + token(role)),)

    def stop(self, sig=signal.SIGTERM, timeout=30):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            self.proc.wait(timeout=timeout)
        if self.proc:
            self._stderr.join(timeout=5)
        return self.proc.returncode if self.proc else None

    def logs(self):
        return "".join(self.log)

    def __enter__(self):
        return self.start()

    def close(self):
        """Kills the server and removes its directory and pipes."""
        self.stop(sig=signal.SIGKILL)
        if self.proc:
            self.proc.stdout.close()
            self.proc.stderr.close()
        self._tmp.cleanup()

    def __exit__(self, *exc):
        self.close()


def scrape_metrics(url):
    """The Prometheus page at `url`: (text, {name{labels}: value})."""
    with urllib.request.urlopen(url, timeout=10) as r:
        text = r.read().decode()
    values = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, value = line.rsplit(" ", 1)
            values[name] = float(value)
    return text, values


def wait_for(predicate, timeout=10.0):
    end = time.time() + timeout
    while time.time() < end:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def write_demo_token_files(directory):
    """The two files ./run.sh makes, made by the same script
    (scripts/make-tokens.sh): the server's token file (hashes) and the demo's
    NAME=token file. Returns (token_file, demo_tokens_file, {NAME: token})."""
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts",
                          "make-tokens.sh")
    subprocess.run([script, directory], check=True, stdout=subprocess.DEVNULL)
    token_file = os.path.join(directory, "tokens")
    demo_file = os.path.join(directory, "demo-tokens")
    with open(demo_file) as f:
        tokens = dict(line.strip().split("=", 1) for line in f if "=" in line)
    return token_file, demo_file, tokens


class DemoServerTestCase(unittest.TestCase):
    """One budgetd for the class on a demo clock starting at DEMO_CLOCK, with the
    demo's token files (`demo_tokens`, `tokens`); `first` is the first run of the
    class's demo()."""
    DEMO_CLOCK = ""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="budget-demo-")
        token_file, cls.demo_tokens, cls.tokens = write_demo_token_files(cls.tmp.name)
        cls.server = Budgetd(token_file=token_file, extra_args=[f"--demo_clock={cls.DEMO_CLOCK}"]).start()
        cls.first = cls.demo()

    @classmethod
    def tearDownClass(cls):
        cls.server.close()
        cls.tmp.cleanup()
