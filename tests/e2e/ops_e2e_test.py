"""Operating budgetd: metrics, logs, configuration, signals."""
import os
import re
import signal
import socket
import subprocess
import tempfile
import time
import unittest
import urllib.request

import grpc

from budget.v1 import round_service_pb2, round_service_pb2_grpc
from budgetd import Budgetd, scrape_metrics, token, write_token_file


def metrics(server):
    return scrape_metrics(server.metrics_url)


def create_round(channel, role, round_id, year=2024):
    stub = round_service_pb2_grpc.RoundServiceStub(channel)
    return stub.CreateRound(round_service_pb2.CreateRoundRequest(
        request_id="create-" + round_id, round_id=round_id, municipality="Testkommune", budget_year=year),
        metadata=Budgetd.auth(role))


def budgetd_fails(*args):
    """Runs budgetd with `args`; returns (exit code, stderr)."""
    proc = subprocess.run([os.environ["BUDGETD"]] + list(args), capture_output=True, text=True, timeout=60)
    return proc.returncode, proc.stderr


class MetricsTest(unittest.TestCase):
    def test_counters_after_known_calls(self):
        with Budgetd() as server, server.channel() as channel:
            create_round(channel, "coordinator", "2024")
            with self.assertRaises(grpc.RpcError) as invalid:
                create_round(channel, "coordinator", "Not Valid")
            self.assertEqual(invalid.exception.code(), grpc.StatusCode.INVALID_ARGUMENT)
            with self.assertRaises(grpc.RpcError) as denied:
                create_round(channel, "auditor", "2025")
            self.assertEqual(denied.exception.code(), grpc.StatusCode.PERMISSION_DENIED)
            text, m = metrics(server)
            self.assertEqual(m['budget_requests_total{rpc="CreateRound",code="OK"}'], 1)
            self.assertEqual(m['budget_requests_total{rpc="CreateRound",code="INVALID_ARGUMENT"}'], 1)
            self.assertEqual(m['budget_requests_total{rpc="CreateRound",code="PERMISSION_DENIED"}'], 1)
            self.assertEqual(m['budget_events_total{type="budget.v1.RoundCreated"}'], 1)
            self.assertEqual(m["budget_log_head_position"], 1)
            self.assertEqual(m['budget_request_seconds_count{rpc="CreateRound"}'], 3)
            self.assertEqual(m['budget_request_seconds_bucket{rpc="CreateRound",le="+Inf"}'], 3)
            self.assertEqual(m["budget_group_commit_requests_count"], 1)
            self.assertEqual(m["budget_wal_sync_seconds_count"], 1)
            self.assertEqual(m["budget_subscribers"], 0)
            self.assertIn("budget_snapshot_age_events", m)
            self.assertIn("# TYPE budget_request_seconds histogram", text)
            with urllib.request.urlopen(server.metrics_url.replace("/metrics", "/healthz")) as r:
                self.assertEqual(r.read(), b"ok\n")


class LogTest(unittest.TestCase):
    def test_refusals_are_logged_with_the_rule_and_tokens_never(self):
        with Budgetd() as server, server.channel() as channel:
            create_round(channel, "coordinator", "2024")
            stub = round_service_pb2_grpc.RoundServiceStub(channel)
            with self.assertRaises(grpc.RpcError):
                stub.CreateRound(round_service_pb2.CreateRoundRequest(
                    request_id="again", round_id="2024", municipality="X", budget_year=2024),
                    metadata=Budgetd.auth("coordinator"))
            server.stop()
            log = server.logs()
            self.assertRegex(log, r"event=replayed events=\d+ .*ms=\d+")
            self.assertRegex(log, r'event=refused rpc=CreateRound code=ALREADY_EXISTS actor=users/coordinator '
                                  r'reason="round rounds/2024 already exists"')
            self.assertIn("event=shutdown", log)
            for role in ["coordinator", "auditor"]:
                self.assertNotIn(token(role), log)


class ConfigTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.d = self.tmp.name
        self.tokens = os.path.join(self.d, "tokens")
        write_token_file(self.tokens)

    def tearDown(self):
        self.tmp.cleanup()

    def base(self, data="data"):
        return ["--data_dir", os.path.join(self.d, data), "--listen", "127.0.0.1:0",
                "--metrics_listen", "127.0.0.1:0", "--token_file", self.tokens]

    def test_help_documents_every_flag(self):
        out = subprocess.run([os.environ["BUDGETD"], "--help"], capture_output=True, text=True).stdout
        for flag in ["--config", "--data_dir", "--listen", "--token_file", "--insecure-dev", "--tls_cert",
                     "--tls_key", "--tls_client_ca", "--allow_insecure_remote", "--max_message_bytes",
                     "--metrics_listen", "--slow_call_ms", "--snapshot_interval", "--demo_clock", "--log_level"]:
            self.assertIn(flag, out)
        self.assertIn("BUDGETD_DATA_DIR", out)

    def test_bad_configurations_are_refused_with_a_clear_message(self):
        a_file = os.path.join(self.d, "a-file")
        open(a_file, "w").close()
        taken = socket.socket()
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        bad_tokens = os.path.join(self.d, "bad-tokens")
        with open(bad_tokens, "w") as f:
            f.write("not a token line\n")
        cases = [
            (["--data_dir", os.path.join(a_file, "data")], "cannot create the data directory"),
            (["--listen", f"127.0.0.1:{port}"], f"cannot listen on 127.0.0.1:{port} (is the port in use?)"),
            (["--metrics_listen", f"127.0.0.1:{port}"], "cannot listen for metrics"),
            (["--tls_cert", os.path.join(self.d, "no.pem"), "--tls_key", os.path.join(self.d, "no.key")],
             "cannot read the TLS certificate"),
            (["--tls_cert", os.path.join(self.d, "no.pem")], "--tls_cert and --tls_key must be given together"),
            (["--token_file", os.path.join(self.d, "missing")], "cannot read the token file"),
            (["--token_file", bad_tokens], "line 1"),
            (["--listen", "0.0.0.0:0"], "refusing plaintext on the non-loopback address"),
            (["--log_level", "loud"], "log_level"),
            (["--demo_clock", "yesterday"], "--demo_clock"),
        ]
        for extra, message in cases:
            code, err = budgetd_fails(*(self.base() + extra))
            self.assertNotEqual(code, 0, extra)
            self.assertIn(message, err, extra)
        code, err = budgetd_fails("--data_dir", os.path.join(self.d, "data"), "--listen", "127.0.0.1:0")
        self.assertIn("no --token_file", err)
        taken.close()

    def test_flags_beat_environment_beats_config_file(self):
        conf = os.path.join(self.d, "budgetd.conf")
        with open(conf, "w") as f:
            f.write('log_level = "error"\nlisten = "127.0.0.1:0"\nmetrics_listen = ""\n')
        def start(env, *args):
            proc = subprocess.Popen([os.environ["BUDGETD"], "--config", conf, "--data_dir", os.path.join(self.d, "d"),
                                     "--token_file", self.tokens] + list(args),
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                    env={**os.environ, **env})
            first = proc.stdout.readline()
            second = proc.stdout.readline()
            proc.send_signal(signal.SIGTERM)
            _, err = proc.communicate(timeout=30)
            return first + second, err
        out, err = start({})
        self.assertIn("metrics off", out)          # from the file
        self.assertNotIn("event=started", err)     # log_level=error from the file
        out, err = start({"BUDGETD_LOG_LEVEL": "info"})
        self.assertIn("event=started", err)        # the environment beats the file
        out, err = start({"BUDGETD_LOG_LEVEL": "info"}, "--log_level", "error")
        self.assertNotIn("event=started", err)     # the flag beats the environment


class SignalTest(unittest.TestCase):
    def test_sighup_reloads_the_token_file(self):
        tmp = tempfile.TemporaryDirectory()
        tokens = os.path.join(tmp.name, "tokens")
        write_token_file(tokens, roles=["auditor"])
        server = Budgetd(token_file=tokens)
        with server, server.channel() as channel:
            with self.assertRaises(grpc.RpcError) as err:
                create_round(channel, "coordinator", "2024")
            self.assertEqual(err.exception.code(), grpc.StatusCode.UNAUTHENTICATED)
            write_token_file(tokens)
            server.proc.send_signal(signal.SIGHUP)
            deadline = time.time() + 10
            while time.time() < deadline:
                try:
                    create_round(channel, "coordinator", "2024")
                    break
                except grpc.RpcError:
                    time.sleep(0.1)
            self.assertIn("event=tokens_reloaded", server.logs())
        tmp.cleanup()


if __name__ == "__main__":
    unittest.main()
