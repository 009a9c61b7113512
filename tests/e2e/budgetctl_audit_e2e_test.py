"""budgetctl's commands for auditors against a real budgetd: audit
log|history|as-of|verify, export and watch. Each command's happy path, a
refusal and an invalid call, with exit codes and --json read back."""
import json
import os
import signal
import subprocess
import time
import unittest
from concurrent import futures

import grpc

from budget.v1 import audit_service_pb2, audit_service_pb2_grpc
from budgetctl_case import (BUDGETCTL, CHAIN_BROKEN, INVALID, NOT_ALLOWED, NOT_FOUND, OK, BudgetctlTestCase)
from budgetd import token


class BrokenChain(audit_service_pb2_grpc.AuditServiceServicer):
    """A stand-in server whose chain is broken, since a real log cannot be
    altered from here: what budgetctl prints and exits with."""

    def VerifyChain(self, request, context):
        return audit_service_pb2.VerifyChainResponse(ok=False, checked=6, last_position=6, first_bad_position=7,
                                                     problem="prev_hash does not match position 6")


class AuditTest(BudgetctlTestCase):
    def test_log_with_filters_and_pages(self):
        self.open_round("r-log")
        self.submit("r-log")
        log = self.js("audit", "log", "--round", "r-log", role="auditor")
        types = [e["type"] for e in log["entries"]]
        self.assertEqual(types[0], "budget.v1.RoundCreated")
        self.assertIn("budget.v1.ProposalSubmitted", types)
        self.assertEqual(log["nextPageToken"], "")
        self.assertGreaterEqual(int(log["headPosition"]), int(log["entries"][-1]["position"]))
        only = self.js("audit", "log", "--round", "r-log", "--type", "ProposalSubmitted", role="auditor")
        self.assertEqual([e["actor"] for e in only["entries"]], ["users/case_worker"])
        page = self.js("audit", "log", "--round", "r-log", "--page-size", 2, role="coordinator")
        self.assertEqual(len(page["entries"]), 2)
        self.assertTrue(page["nextPageToken"])
        text = self.ok("audit", "log", "--round", "r-log", "--actor", "users/coordinator", role="administrator")
        self.assertIn("RoundCreated", text)
        self.assertIn("rounds/r-log", text)
        self.assertNotIn("ProposalSubmitted", text)
        self.fails(NOT_ALLOWED, "audit", "log", role="case_worker")
        self.assertIn("--since", self.fails(INVALID, "audit", "log", "--since", "last week", role="auditor"))

    def test_history_of_an_amended_proposal(self):
        self.open_round("r-hist")
        name = self.submit("r-hist", ready=False)
        self.ok("proposal", "amend", name, "--expected-version", 1, "--title", "Ny titel", "--full-implementation",
                "2 mio", role="case_worker")
        history = self.js("audit", "history", name, role="hmu")
        self.assertEqual([v["version"] for v in history["versions"]], ["1", "2"])
        changes = {c["field"]: (c["oldValue"], c["newValue"]) for c in history["versions"][1]["changes"]}
        self.assertEqual(changes["full_implementation_kr"], ("1000000", "2000000"))
        self.assertEqual([e["type"] for e in history["events"]],
                         ["budget.v1.ProposalSubmitted", "budget.v1.ProposalAmended"])
        text = self.ok("audit", "history", name, role="auditor")
        for expected in ["Version 2", "users/case_worker", "full_implementation_kr", "1000000", "→", "2000000",
                         "ProposalAmended"]:
            self.assertIn(expected, text)
        self.fails(NOT_FOUND, "audit", "history", "rounds/r-hist/proposals/P-0099", role="auditor")
        self.fails(INVALID, "audit", "history", "P-0001", role="auditor")

    def test_the_state_as_of_a_position(self):
        self.open_round("r-asof")
        self.submit("r-asof")
        before = int(self.js("round", "get", "r-asof", role="auditor")["logPosition"])
        self.submit("r-asof", title="Senere")
        state = self.js("audit", "as-of", "r-asof", "--position", before, role="auditor")
        self.assertEqual(int(state["position"]), before)
        self.assertEqual(len(state["proposals"]), 1)
        self.assertEqual(state["summary"]["fullImplementation"]["catalogueKr"], "1000000")
        text = self.ok("audit", "as-of", "r-asof", "--position", before, role="coordinator")
        for expected in [f"as it stood after log position {before}", "Summary of rounds/r-asof", "Færre vikarer",
                         "1 of 1 proposals"]:
            self.assertIn(expected, text)
        self.assertNotIn("Senere", text)
        now = self.js("audit", "as-of", "r-asof", "--time", "now", role="auditor")
        self.assertEqual(len(now["proposals"]), 2)
        self.assertIn("not both", self.fails(INVALID, "audit", "as-of", "r-asof", "--position", 3, "--time", "now",
                                             role="auditor"))
        self.fails(INVALID, "audit", "as-of", "r-asof", role="auditor")
        self.fails(NOT_ALLOWED, "audit", "as-of", "r-asof", "--position", before, role="council")

    def test_verify_the_chain(self):
        self.open_round("r-verify")
        verified = self.js("audit", "verify", role="auditor")
        self.assertTrue(verified["ok"])
        self.assertRegex(verified["lastHash"], r"^[0-9a-f]{64}$")
        text = self.ok("audit", "verify", "--from", 1, "--to", 3, role="auditor")
        self.assertIn("chain: ok, 3 events verified", text)
        self.assertIn("head position: 3", text)
        self.fails(NOT_ALLOWED, "audit", "verify", role="case_worker")
        self.assertIn("--from", self.fails(INVALID, "audit", "verify", "--from", "-1", role="auditor"))
        # Past the head is a bad question, not an altered log (exit 2, not 8).
        past = self.fails(INVALID, "audit", "verify", "--from", int(verified["lastPosition"]) + 1, role="auditor")
        self.assertIn("from_position", past)

    def test_a_broken_chain_has_its_own_exit_code(self):
        server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
        audit_service_pb2_grpc.add_AuditServiceServicer_to_server(BrokenChain(), server)
        port = server.add_insecure_port("127.0.0.1:0")
        server.start()
        self.addCleanup(server.stop, None)
        cmd = [BUDGETCTL, "--addr", f"127.0.0.1:{port}", "audit", "verify"]
        p = subprocess.run(cmd, capture_output=True, text=True, env=self.env(), timeout=60)
        self.assertEqual(p.returncode, CHAIN_BROKEN, p.stderr)
        self.assertIn("chain: BROKEN at position 7: prev_hash does not match position 6", p.stdout)
        p = subprocess.run(cmd + ["--json"], capture_output=True, text=True, env=self.env(), timeout=60)
        self.assertEqual(p.returncode, CHAIN_BROKEN, p.stderr)
        self.assertEqual(json.loads(p.stdout)["firstBadPosition"], "7")
        self.assertIn("8  audit verify", self.ok("--help", connect=False))


class ExportTest(BudgetctlTestCase):
    def test_catalogue_decisions_and_log(self):
        self.open_round("r-exp")
        self.submit("r-exp")
        csv = self.ok("export", "--kind", "catalogue", "--format", "csv", "--round", "r-exp", role="auditor")
        lines = csv.splitlines()
        self.assertGreater(len(lines), 1)
        self.assertIn("Færre vikarer", csv)
        rows = [json.loads(line) for line in self.ok("export", "--kind", "catalogue", "--format", "jsonl",
                                                     "--round", "r-exp", role="auditor").splitlines()]
        self.assertEqual(len(rows), 1)
        path = self.path("log.jsonl")
        answer = self.js("export", "--kind", "log", "--format", "json-lines", "--round", "r-exp", "--output", path,
                         role="coordinator")
        self.assertEqual(answer["output"], path)
        with open(path, "rb") as f:
            data = f.read()
        self.assertEqual(answer["bytes"], len(data))
        self.assertEqual({json.loads(line)["stream"].split("/")[1] for line in data.splitlines()}, {"r-exp"})
        self.assertFalse(os.path.exists(path + ".partial"))
        self.ok("export", "--kind", "decisions", "--format", "csv", "--round", "r-exp", role="auditor")
        self.fails(NOT_ALLOWED, "export", "--kind", "log", "--format", "csv", role="case_worker")
        self.assertIn("--format", self.fails(INVALID, "export", "--kind", "log", "--format", "xml", role="auditor"))
        self.fails(INVALID, "export", "--kind", "catalogue", "--format", "csv", role="auditor")  # no --round

    def test_a_progress_indicator_only_on_a_terminal(self):
        self.open_round("r-exp-tty")
        path = self.path("tty.jsonl")
        screen = self.on_terminal("export", "--kind", "log", "--format", "jsonl", "--output", path, role="auditor")
        self.assertIn(b"exporting ", screen)
        self.assertIn(b"bytes to " + path.encode(), screen)


class WatchTest(BudgetctlTestCase):
    def watch(self, *args, role="auditor"):
        return subprocess.Popen([BUDGETCTL, "--addr", self.server.address, "--token", token(role), "watch"] +
                                [str(a) for a in args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                env=self.env())

    def read_until(self, proc, text, limit=30.0):
        """Lines from the running watch until one contains `text`."""
        lines = []
        end = time.time() + limit
        while time.time() < end:
            line = proc.stdout.readline()
            if not line:
                break
            lines.append(line)
            if text in line:
                return lines
        self.fail(f"watch printed no line with {text!r}: {lines}")

    def interrupt(self, proc):
        proc.send_signal(signal.SIGINT)
        code = proc.wait(timeout=30)
        proc.stdout.close()
        proc.stderr.close()
        return code

    def test_events_written_after_it_started(self):
        self.open_round("r-watch")
        head = int(self.js("audit", "verify", role="auditor")["lastPosition"])
        proc = self.watch("--from", head + 1, "--round", "r-watch")
        time.sleep(0.5)  # the stream is open before the write
        name = self.submit("r-watch", title="Set live")
        line = self.read_until(proc, "ProposalSubmitted")[-1]
        self.assertRegex(line, r"^ *\d+  \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC  users/case_worker +ProposalSubmitted +"
                         + name)
        self.assertEqual(self.interrupt(proc), OK)

        proc = self.watch("--from", head + 1, "--json", role="coordinator")
        event = json.loads(self.read_until(proc, "ProposalSubmitted")[-1])
        self.assertEqual((event["stream"], event["actor"]), (name, "users/case_worker"))
        self.submit("r-watch", title="Endnu en")
        later = json.loads(self.read_until(proc, "Endnu en")[-1])
        self.assertGreater(int(later["position"]), int(event["position"]))
        self.assertEqual(self.interrupt(proc), OK)

    def test_refused_and_invalid(self):
        # Every role may follow what concerns it; the full log is the audit roles'.
        proc = self.watch("--scope", "full-log", role="case_worker")
        self.assertEqual(proc.wait(timeout=30), NOT_ALLOWED)
        self.assertIn("not allowed", proc.stderr.read())
        proc.stdout.close()
        proc.stderr.close()
        self.fails(INVALID, "watch", "--from", "soon", role="auditor")


if __name__ == "__main__":
    unittest.main()
