"""budgetd as a process: reflection, health, a Python client, signals."""
import concurrent.futures
import signal
import time
import unittest

import grpc

from budget.v1 import proposal_pb2, proposal_service_pb2, proposal_service_pb2_grpc
from budget.v1 import round_pb2, round_service_pb2, round_service_pb2_grpc
from budgetd import Budgetd

IDENTITY = (lambda b: b)


def create_round(channel, round_id="2024"):
    stub = round_service_pb2_grpc.RoundServiceStub(channel)
    return stub.CreateRound(
        round_service_pb2.CreateRoundRequest(
            request_id="create-" + round_id, round_id=round_id, municipality="Næstved Kommune",
            budget_year=2024, template=round_pb2.ROUND_TEMPLATE_STRATEGY_2024),
        metadata=Budgetd.auth("coordinator"))


def open_round_now(channel):
    """A round whose submission phase is open at the real time of the test."""
    stub = round_service_pb2_grpc.RoundServiceStub(channel)
    auth = Budgetd.auth("coordinator")
    stub.CreateRound(round_service_pb2.CreateRoundRequest(
        request_id="create-now", round_id="now", municipality="Testkommune", budget_year=2024),
        metadata=auth)
    now = time.time()
    for kind, at in [(round_pb2.MILESTONE_WORK_STARTED, now - 86400),
                     (round_pb2.MILESTONE_PROPOSALS_PRESENTED, now + 30 * 86400)]:
        req = round_service_pb2.SetMilestoneRequest(request_id=f"ms-{kind}", round="rounds/now", kind=kind)
        req.planned_at.seconds = int(at)
        stub.SetMilestone(req, metadata=auth)
    committee = round_service_pb2.DefineCommitteeRequest(
        request_id="committee", parent="rounds/now", committee_id="socialudvalget")
    committee.committee.display_name = "Socialudvalget"
    stub.DefineCommittee(committee, metadata=auth)


def submit(stub, i, raw=False):
    req = proposal_service_pb2.SubmitProposalRequest(request_id=f"drain-{i}", parent="rounds/now")
    c = req.content
    c.title = f"Forslag {i}"
    c.category = proposal_pb2.CATEGORY_CONSUMPTION
    c.committees.append("rounds/now/committees/socialudvalget")
    c.implementation_start.year, c.implementation_start.month, c.implementation_start.day = 2024, 1, 1
    c.submitter_kind = proposal_pb2.SUBMITTER_ADMINISTRATION
    if raw:
        return stub.SubmitProposal(req, metadata=Budgetd.auth("case_worker"), timeout=20)
    try:
        stub.SubmitProposal(req, metadata=Budgetd.auth("case_worker"), timeout=20)
        return "ok"
    except grpc.RpcError as e:
        return e.code()


class ServerE2ETest(unittest.TestCase):
    def test_reflection_lists_and_describes_the_services(self):
        with Budgetd() as server, server.channel() as channel:
            call = channel.stream_stream(
                "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
                request_serializer=IDENTITY, response_deserializer=IDENTITY)
            # list_services (field 7, empty string), then file_containing_symbol (field 4).
            symbol = b"budget.v1.RoundService"
            requests = [b"\x3a\x00", b"\x22" + bytes([len(symbol)]) + symbol]
            responses = list(call(iter(requests)))
            self.assertEqual(len(responses), 2)
            for service in [b"budget.v1.RoundService", b"budget.v1.ProposalService",
                            b"budget.v1.CommitteeService", b"budget.v1.CouncilService",
                            b"grpc.health.v1.Health"]:
                self.assertIn(service, responses[0])
            self.assertIn(b"budget/v1/round_service.proto", responses[1])

    def test_health_is_serving(self):
        with Budgetd() as server, server.channel() as channel:
            check = channel.unary_unary("/grpc.health.v1.Health/Check",
                                        request_serializer=IDENTITY, response_deserializer=IDENTITY)
            self.assertEqual(check(b""), b"\x08\x01")  # status: SERVING

    def test_python_client_round_trip(self):
        with Budgetd() as server, server.channel() as channel:
            resp = create_round(channel)
            self.assertEqual(resp.round.name, "rounds/2024")
            stub = round_service_pb2_grpc.RoundServiceStub(channel)
            with self.assertRaises(grpc.RpcError) as err:
                stub.GetRound(round_service_pb2.GetRoundRequest(name="rounds/1999"),
                              metadata=Budgetd.auth("auditor"))
            self.assertEqual(err.exception.code(), grpc.StatusCode.NOT_FOUND)

    def test_sigterm_drains_in_flight_calls_and_closes_cleanly(self):
        server = Budgetd()
        with server:
            with server.channel() as channel:
                open_round_now(channel)
                stub = proposal_service_pb2_grpc.ProposalServiceStub(channel)
                with concurrent.futures.ThreadPoolExecutor(16) as pool:
                    futures = [pool.submit(submit, stub, i) for i in range(400)]
                    server.proc.send_signal(signal.SIGTERM)
                    results = [f.result() for f in futures]
            self.assertEqual(server.proc.wait(timeout=30), 0)
            self.assertIn("event=shutdown", server.logs())
            # Calls the server took were answered; calls that raced the
            # shutdown were refused before anything was decided.
            self.assertIn("ok", results)
            self.assertTrue(set(results) <= {"ok", grpc.StatusCode.UNAVAILABLE,
                                             grpc.StatusCode.CANCELLED}, set(results))
            # The store closed cleanly and opens again at once. Every
            # acknowledged submit is there (its retry is deduplicated); every
            # refused one can simply be retried.
            server.start()
            with server.channel() as channel:
                stub = proposal_service_pb2_grpc.ProposalServiceStub(channel)
                for i, result in enumerate(results):
                    again = submit(stub, i, raw=True)
                    self.assertEqual(again.deduplicated, result == "ok", (i, result))

    def test_a_second_server_on_the_same_data_dir_is_refused(self):
        with Budgetd() as first:
            second = Budgetd(data_dir=first.data_dir)
            second.start(wait=False)
            self.assertEqual(second.proc.wait(timeout=20), 2)
            second._stderr.join(timeout=5)
            self.assertIn("in use by another process", second.logs())


if __name__ == "__main__":
    unittest.main()
