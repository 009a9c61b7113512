"""Runs budget-pgsync ($BUDGET_PGSYNC) for end-to-end tests."""
import os
import re
import signal
import subprocess
import threading

from budgetd import scrape_metrics

PGSYNC = os.environ["BUDGET_PGSYNC"]


def run(args, token=None, timeout=300):
    """One-shot budget-pgsync (--migrate, --rebuild): the CompletedProcess."""
    env = dict(os.environ)
    env.pop("BUDGET_TOKEN", None)
    if token:
        env["BUDGET_TOKEN"] = token
    return subprocess.run([PGSYNC, "--metrics_listen", "127.0.0.1:0"] + list(args), capture_output=True,
                          text=True, timeout=timeout, env=env)


class Pgsync:
    """The daemon, following `budgetd_address` into `dsn`/`schema`."""

    def __init__(self, budgetd_address, dsn, schema, token, extra=()):
        self.args = [PGSYNC, "--budgetd", budgetd_address, "--postgres", dsn, "--schema", schema,
                     "--metrics_listen", "127.0.0.1:0"] + list(extra)
        self.token = token
        self.proc = None
        self.log = []

    def start(self):
        env = dict(os.environ, BUDGET_TOKEN=self.token)
        self.proc = subprocess.Popen(self.args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True, env=env)
        threading.Thread(target=self._drain, daemon=True).start()
        m = re.search(r"metrics on (\S+)", self.proc.stdout.readline())
        self.metrics_url = m.group(1) if m else None
        return self

    def _drain(self):
        for line in self.proc.stderr:
            self.log.append(line)

    def metrics(self):
        """name{labels} -> value, from the metrics page."""
        return scrape_metrics(self.metrics_url)[1]

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def stop(self, sig=signal.SIGTERM):
        if self.alive():
            self.proc.send_signal(sig)
            self.proc.wait(timeout=30)
        return self.proc.returncode if self.proc else None

    def logs(self):
        return "".join(self.log)

    def close(self):
        self.stop(signal.SIGKILL)
        if self.proc:
            self.proc.stdout.close()
