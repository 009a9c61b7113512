"""The Debian package: built with cpack, installed with dpkg, its budgetd started.

Needs root and dpkg (CI has both); skipped otherwise. Installing is what the
package is for, so this test really installs it and removes it again.
"""
import glob
import os
import re
import shutil
import signal
import subprocess
import tempfile
import unittest
import urllib.request

import grpc

IDENTITY = (lambda b: b)


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw)


@unittest.skipUnless(os.geteuid() == 0 and shutil.which("dpkg") and shutil.which("cpack"),
                     "needs root, dpkg and cpack")
class PackageTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        build = os.environ["BUILD_DIR"]
        for old in glob.glob(os.path.join(build, "budgetd_*.deb")):
            os.remove(old)
        run(["cpack", "-G", "DEB"], cwd=build)
        cls.deb = glob.glob(os.path.join(build, "budgetd_*.deb"))[0]
        run(["dpkg", "-i", cls.deb])

    @classmethod
    def tearDownClass(cls):
        subprocess.run(["dpkg", "-r", "budgetd"], capture_output=True)

    def start(self, *args):
        proc = subprocess.Popen(["/usr/bin/budgetd", "--listen", "127.0.0.1:0",
                                 "--metrics_listen", "127.0.0.1:0"] + list(args),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = proc.stdout.readline()
        m = re.search(r"listening on (\S+)", line)
        if not m:
            proc.kill()
            self.fail("budgetd did not start: " + line + proc.stderr.read())
        return proc, m.group(1)

    def test_installs_binaries_unit_config_and_user(self):
        for path in ["/usr/bin/budgetd", "/usr/bin/budgetctl", "/usr/bin/budget-verify", "/usr/bin/budget-load",
                     "/usr/bin/budget-pgsync", "/usr/lib/systemd/system/budget-pgsync.service",
                     "/etc/budgetd/pgsync.env", "/usr/share/budget/sql/migrations/0001_initial.sql",
                     "/usr/lib/systemd/system/budgetd.service", "/etc/budgetd/budgetd.conf",
                     "/etc/budgetd/tokens", "/usr/share/budget/proto/budget/v1/round_service.proto",
                     "/usr/share/budget/web/index.html"]:
            self.assertTrue(os.path.exists(path), path)
        # The web app's script, under its content-hashed name.
        self.assertEqual(len(glob.glob("/usr/share/budget/web/assets/main-*.js")), 1)
        run(["id", "budgetd"])
        st = os.stat("/var/lib/budgetd")
        self.assertEqual(st.st_uid, int(run(["id", "-u", "budgetd"]).stdout))

    def test_installed_budgetd_starts_and_answers_health(self):
        with tempfile.TemporaryDirectory() as d:
            proc, address = self.start("--insecure-dev", "--data_dir", os.path.join(d, "data"))
            try:
                with grpc.insecure_channel(address) as channel:
                    check = channel.unary_unary("/grpc.health.v1.Health/Check",
                                                request_serializer=IDENTITY, response_deserializer=IDENTITY)
                    self.assertEqual(check(b"", timeout=10), b"\x08\x01")
            finally:
                proc.send_signal(signal.SIGTERM)
                self.assertEqual(proc.wait(timeout=30), 0)

    def test_the_shipped_config_file_parses_and_serves_the_web_app(self):
        with tempfile.TemporaryDirectory() as d:
            proc, _ = self.start("--config", "/etc/budgetd/budgetd.conf", "--data_dir", os.path.join(d, "data"),
                                 "--http_listen", "127.0.0.1:0")
            try:
                url = None
                for _ in range(3):
                    m = re.search(r"HTTP \(Connect\) on (\S+)", proc.stdout.readline())
                    if m:
                        url = m.group(1)
                        break
                self.assertIsNotNone(url, "the shipped config turns the HTTP listener on")
                with urllib.request.urlopen(url, timeout=10) as r:
                    page = r.read().decode()
                    self.assertIn("script-src 'self'", r.headers["Content-Security-Policy"])
                self.assertIn('<div id="app">', page)
            finally:
                proc.send_signal(signal.SIGTERM)
                self.assertEqual(proc.wait(timeout=30), 0)

    @unittest.skipUnless(shutil.which("systemd-analyze"), "systemd-analyze is not installed")
    def test_unit_file_verifies(self):
        for unit in ["budgetd.service", "budget-pgsync.service"]:
            result = subprocess.run(["systemd-analyze", "verify", "/usr/lib/systemd/system/" + unit],
                                    capture_output=True, text=True)
            self.assertEqual(result.returncode, 0, result.stderr)


if __name__ == "__main__":
    unittest.main()
