"""A stock Connect client against budgetd's HTTP API: TypeScript/JavaScript
generated from the .proto files by @bufbuild/protoc-gen-es, calls made by
@connectrpc/connect in Node (clients/web/examples/connect_example.mjs, as the
README shows it), and curl as docs/http.md shows it.

The npm packages come from clients/web/node_modules (`npm ci` there)."""
import json
import os
import shutil
import subprocess
import tempfile
import unittest

from budgetd import Budgetd, token

ROOT = os.path.realpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
WEB = os.path.join(ROOT, "clients", "web")
EXAMPLE = os.path.join(WEB, "examples", "connect_example.mjs")


class ConnectClientTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Budgetd(extra_args=["--http_listen", "127.0.0.1:0"]).start()
        cls.tmp = tempfile.TemporaryDirectory(prefix="budget-connect-")
        work = cls.tmp.name
        # The example next to its generated code, resolving packages from clients/web.
        os.symlink(os.path.join(WEB, "node_modules"), os.path.join(work, "node_modules"))
        shutil.copy(EXAMPLE, work)
        os.mkdir(os.path.join(work, "gen"))
        protos = [os.path.relpath(os.path.join(d, f), os.path.join(ROOT, "proto"))
                  for sub in ("budget/v1", "google/rpc")
                  for d, _, files in os.walk(os.path.join(ROOT, "proto", sub))
                  for f in files if f.endswith(".proto")]
        subprocess.run(["protoc", "--plugin=protoc-gen-es=" + os.path.join(WEB, "node_modules", ".bin",
                                                                            "protoc-gen-es"),
                        "--es_out=gen", "--es_opt=target=js,import_extension=js",
                        "-I", os.path.join(ROOT, "proto")] + protos,
                       check=True, capture_output=True, timeout=120, cwd=work)

    @classmethod
    def tearDownClass(cls):
        cls.server.close()
        cls.tmp.cleanup()

    def run_example(self, round_id, role):
        env = dict(os.environ, BUDGET_HTTP=self.server.http_url, BUDGET_TOKEN=token(role))
        return subprocess.run(["node", "connect_example.mjs", round_id], capture_output=True, text=True,
                              env=env, timeout=60, cwd=self.tmp.name)

    def test_the_node_connect_client_calls_budgetd(self):
        first = self.run_example("2025", "coordinator")
        self.assertEqual(first.returncode, 0, first.stderr + self.server.logs())
        lines = first.stdout.splitlines()
        self.assertEqual(lines[0], "rounds/2025: created")
        self.assertEqual(lines[1], "catalogue 0 of 110000000 kr.")
        self.assertEqual(lines[2], "refused: InvalidArgument")
        self.assertRegex(lines[3], r"^  round_id: must be 1\.\.63")
        self.assertRegex(lines[-1], r"^event \d+: budget\.v1\.")
        again = self.run_example("2025", "coordinator")
        self.assertEqual(again.returncode, 0, again.stderr)
        self.assertIn("rounds/2025: already there", again.stdout)

    def test_a_role_without_the_right_is_refused(self):
        denied = self.run_example("2026", "case_worker")
        self.assertNotEqual(denied.returncode, 0)
        self.assertIn("permission_denied", denied.stderr)

    def curl(self, *args):
        out = subprocess.run(["curl", "-sS", "-w", "\n%{http_code}", *args], capture_output=True,
                             text=True, timeout=30, check=True)
        body, _, code = out.stdout.rpartition("\n")
        return int(code), json.loads(body) if body else None

    def test_curl_as_docs_show_it(self):
        url = self.server.http_url
        auth = "Authorization: Bearer " + token("coordinator")
        code, body = self.curl(url + "/budget.v1.RoundService/CreateRound", "-H", auth,
                               "-H", "Content-Type: application/json",
                               "-d", '{"requestId": "curl-1", "roundId": "2030", '
                                     '"municipality": "Næstved Kommune", "budgetYear": 2030}')
        self.assertEqual(code, 200, body)
        self.assertEqual(body["round"]["name"], "rounds/2030")
        code, body = self.curl("-G", url + "/budget.v1.RoundService/GetRound", "-H", auth,
                               "--data-urlencode", "encoding=json",
                               "--data-urlencode", 'message={"name": "rounds/2030"}')
        self.assertEqual(code, 200, body)
        self.assertEqual(body["budgetYear"], 2030)
        code, body = self.curl(url + "/budget.v1.RoundService/CreateRound", "-H", auth,
                               "-H", "Content-Type: application/json", "-d", "{}")
        self.assertEqual(code, 400)
        self.assertEqual(body["code"], "invalid_argument")
        self.assertEqual(body["details"][0]["type"], "google.rpc.BadRequest")


if __name__ == "__main__":
    unittest.main()
