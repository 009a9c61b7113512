"""Calls budgetd from Python: opens a round (safe to repeat) and prints its totals.

    clients/python/generate.sh /tmp/budget-py
    PYTHONPATH=/tmp/budget-py BUDGET_TOKEN=... python3 clients/python/example.py ROUND_ID
"""
import os
import sys

import grpc
from budget.v1 import round_pb2, round_service_pb2, round_service_pb2_grpc, summary_pb2
from google.rpc import error_details_pb2, status_pb2


def explain(error):
    """The status, then each google.rpc detail: a bad field, or the rule that refused."""
    print(f"{error.code().name}: {error.details()}", file=sys.stderr)
    for key, value in error.trailing_metadata() or ():
        if key != "grpc-status-details-bin":
            continue
        for detail in status_pb2.Status.FromString(value).details:
            bad, refused = error_details_pb2.BadRequest(), error_details_pb2.PreconditionFailure()
            if detail.Unpack(bad):
                for v in bad.field_violations:
                    print(f"  {v.field}: {v.description}", file=sys.stderr)
            elif detail.Unpack(refused):
                for v in refused.violations:
                    print(f"  {v.type} ({v.subject})", file=sys.stderr)


def main(round_id):
    channel = grpc.insecure_channel(os.environ.get("BUDGET_ADDR", "127.0.0.1:50051"))
    auth = [("authorization", "Bearer " + os.environ["BUDGET_TOKEN"])]
    rounds = round_service_pb2_grpc.RoundServiceStub(channel)
    try:
        # A request id makes the call safe to repeat: a rerun gets the first answer.
        created = rounds.CreateRound(round_service_pb2.CreateRoundRequest(
            request_id=f"python-example-{round_id}", round_id=round_id, municipality="Næstved Kommune",
            budget_year=2024, targets=round_pb2.Targets(catalogue_total_kr=110_000_000, raaderum_kr=45_000_000),
            template=round_pb2.ROUND_TEMPLATE_STRATEGY_2024), metadata=auth, timeout=10)
        print(f"{created.round.name}: {'already there' if created.deduplicated else 'created'}")
        summary = rounds.GetRoundSummary(summary_pb2.GetRoundSummaryRequest(round=created.round.name),
                                         metadata=auth, timeout=10)
    except grpc.RpcError as error:
        explain(error)
        return 1
    totals = summary.full_implementation
    print(f"catalogue {totals.catalogue_kr:,} of {totals.catalogue_target_kr:,} kr.; "
          f"råderum {totals.approved_kr:,} of {totals.raaderum_target_kr:,} kr.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "python-example"))
