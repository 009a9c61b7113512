"""Writes the committed seed corpus of the fuzz targets (run from the repo root:
PYTHONPATH=build/python /usr/bin/python3 tests/fuzz/make_corpus.py)."""
import hashlib
import os
import struct

from budget.internal import commands_pb2
from budget.v1 import common_pb2, events_pb2, proposal_pb2, round_pb2

HERE = os.path.dirname(os.path.abspath(__file__))


def write(target, name, data):
    d = os.path.join(HERE, "corpus", target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def envelope(position, stream, version, type_, micros, actor, request_id, payload, prev):
    body = bytes([1]) + prev + struct.pack(">QQq", position, version, micros)
    for s in [stream.encode(), type_.encode(), actor.encode(), request_id.encode(), payload]:
        body += struct.pack(">I", len(s)) + s
    return body + hashlib.sha256(body).digest()


def content(title, committees, workplaces=()):
    c = proposal_pb2.ProposalContent(title=title, category=proposal_pb2.CATEGORY_VACANCIES,
                                     full_implementation_kr=1_000_000,
                                     submitter_kind=proposal_pb2.SUBMITTER_ADMINISTRATION)
    c.committees.extend(committees)
    c.workplaces.extend(workplaces)
    c.implementation_start.year, c.implementation_start.month, c.implementation_start.day = 2024, 1, 1
    for y in range(2024, 2028):
        c.effects.add(year=y, amount_kr=250_000)
    return c


def main():
    social = "rounds/2024/committees/socialudvalget"
    events = {
        "round_created": events_pb2.Event(round_created=events_pb2.RoundCreated(
            round="rounds/2024", municipality="Næstved Kommune", budget_year=2024)),
        "proposal_submitted": events_pb2.Event(proposal_submitted=events_pb2.ProposalSubmitted(
            proposal="rounds/2024/proposals/P-0004", content=content("Nyt", [social]))),
        "proposal_amended": events_pb2.Event(proposal_amended=events_pb2.ProposalAmended(
            proposal="rounds/2024/proposals/P-0002", version=2, content=content("Ændret", [social]),
            paths=["title", "committees"])),
        "proposal_claimed": events_pb2.Event(proposal_claimed=events_pb2.ProposalClaimed(
            proposal="rounds/2024/proposals/P-0003", committee=social)),
        "pool_formed": events_pb2.Event(pool_formed=events_pb2.PoolFormed(
            round="rounds/2024", proposals=["rounds/2024/proposals/P-0002"], total_kr=2_000_000)),
        "response": events_pb2.Event(response_submitted=events_pb2.ResponseSubmitted(
            hearing="rounds/2024/hearings/H-0001", proposal="rounds/2024/proposals/P-0003",
            body="rounds/2024/workplaces/enghaven", version=1, stance=1, text="Svar")),
        "question": events_pb2.Event(question_asked=events_pb2.QuestionAsked(
            question="rounds/2024/questions/Q-0001", proposal="rounds/2024/proposals/P-0002",
            meeting="rounds/2024/meetings/M-0001", text="Spørgsmål")),
        "correction": events_pb2.Event(frame_correction_recorded=events_pb2.FrameCorrectionRecorded(
            correction="rounds/2024/corrections/C-0001", committee=social, kind=3, state=2)),
    }
    for name, e in events.items():
        write("fuzz_apply", name, e.SerializeToString())

    commands = {
        "submit": commands_pb2.Command(submit_proposal={"request_id": "f1", "parent": "rounds/2024",
                                                        "content": content("Fuzz", [social])}),
        "amend": commands_pb2.Command(amend_proposal={"request_id": "f2", "name": "rounds/2024/proposals/P-0002",
                                                      "expected_version": 1, "content": content("A", [social]),
                                                      "update_mask": {"paths": ["title"]}}),
        "claim": commands_pb2.Command(claim_proposal={"request_id": "f3", "proposal": "rounds/2024/proposals/P-0003",
                                                      "committee": social}),
        "select": commands_pb2.Command(select_from_pool={"request_id": "f4",
                                                         "proposal": "rounds/2024/proposals/P-0002"}),
        "respond": commands_pb2.Command(submit_response={"request_id": "f5", "hearing": "rounds/2024/hearings/H-0001",
                                                         "proposal": "rounds/2024/proposals/P-0003",
                                                         "body": "rounds/2024/workplaces/enghaven",
                                                         "stance": 1, "text": "Svar"}),
        "ask": commands_pb2.Command(ask_question={"request_id": "f6", "proposal": "rounds/2024/proposals/P-0002",
                                                  "meeting": "rounds/2024/meetings/M-0001", "text": "Hvorfor?"}),
        "expansion": commands_pb2.Command(request_expansion={"request_id": "f7", "round": "rounds/2024",
                                                             "title": "Udvidelse", "committee": social}),
        "reading": commands_pb2.Command(record_reading={"request_id": "f8", "round": "rounds/2024", "kind": 1,
                                                        "date": {"year": 2023, "month": 8, "day": 11},
                                                        "outcome": "x"}),
    }
    for name, c in commands.items():
        write("fuzz_decide", name, c.SerializeToString())

    prev = bytes(32)
    for i, (name, e) in enumerate(events.items(), start=1):
        env = envelope(i, "rounds/2024", i, "budget.v1.Event", 1_664_582_400_000_000 + i, "users/fuzz",
                       f"r{i}", e.SerializeToString(), prev)
        prev = env[-32:]
        write("fuzz_envelope", name, env)


if __name__ == "__main__":
    main()
