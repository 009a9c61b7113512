"""budget-pgsync end to end: a real budgetd, a real PostgreSQL cluster
(initdb + pg_ctl in a temporary directory), the daemon as a process.

One cluster for the whole file; each test writes its own schema. The read
model must equal the API: every summary figure (GetRoundSummary, to the
krone, every year), every proposal (GetProposal's fields), the views, every
event with its hashes; after SIGKILL in a burst of submits, after PostgreSQL
stops mid-run, and after a --rebuild under load. A streaming replica made
with pg_basebackup serves the same figures."""
import collections
import hashlib
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))

from budget.v1 import (audit_service_pb2, audit_service_pb2_grpc, adoption_service_pb2,  # noqa: E402
                       adoption_service_pb2_grpc, hearing_service_pb2, hearing_service_pb2_grpc, proposal_pb2,
                       proposal_service_pb2, proposal_service_pb2_grpc, round_service_pb2_grpc,
                       summary_pb2)
from google.protobuf.json_format import MessageToDict  # noqa: E402

import pgsync  # noqa: E402
from budgetd import Budgetd, run_budgetctl, write_demo_token_files  # noqa: E402
from postgres import Postgres, wait_for  # noqa: E402

LOAD = os.environ["BUDGET_LOAD"]
PGSYNC_TOKEN = "pgsync-service-account-token"


def as_dict(message):
    return MessageToDict(message, preserving_proto_field_name=True)


class Api:
    """The calls the comparisons need, as the auditor."""

    def __init__(self, server, token):
        self.channel = server.channel()
        self.auth = (("authorization", "Bearer " + token),)
        self.rounds = round_service_pb2_grpc.RoundServiceStub(self.channel)
        self.proposals = proposal_service_pb2_grpc.ProposalServiceStub(self.channel)
        self.hearings = hearing_service_pb2_grpc.HearingServiceStub(self.channel)
        self.expansions = adoption_service_pb2_grpc.ExpansionServiceStub(self.channel)
        self.audit = audit_service_pb2_grpc.AuditServiceStub(self.channel)

    def summary(self, round_id):
        return self.rounds.GetRoundSummary(summary_pb2.GetRoundSummaryRequest(round=f"rounds/{round_id}"),
                                           metadata=self.auth, timeout=30)

    def all_proposals(self, round_id):
        out, token = [], ""
        while True:
            r = self.proposals.ListProposals(proposal_service_pb2.ListProposalsRequest(
                parent=f"rounds/{round_id}", page_size=1000, page_token=token), metadata=self.auth, timeout=60)
            out += r.proposals
            token = r.next_page_token
            if not token:
                return out

    def head(self):
        return self.audit.ReadLog(audit_service_pb2.ReadLogRequest(from_position=1 << 62, page_size=1),
                                  metadata=self.auth, timeout=30).head_position

    def log(self):
        out, token = [], ""
        while True:
            r = self.audit.ReadLog(audit_service_pb2.ReadLogRequest(page_size=1000, page_token=token),
                                   metadata=self.auth, timeout=60)
            out += r.entries
            token = r.next_page_token
            if not token:
                return out


class PgsyncTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="pgsync-e2e-")
        cls.addClassCleanup(cls.tmp.cleanup)
        cls.token_file, cls.demo_tokens, cls.tokens = write_demo_token_files(cls.tmp.name)
        # pgsync's own service account: the auditor role (Subscribe, ReadLog).
        with open(cls.token_file, "a") as f:
            f.write(f"sha256:{hashlib.sha256(PGSYNC_TOKEN.encode()).hexdigest()} users/pgsync auditor\n")
        with open(cls.demo_tokens, "a") as f:
            f.write(f"BUDGET_TOKEN_AUDITOR={PGSYNC_TOKEN}\n")
        cls.pg = Postgres().init().start()
        cls.addClassCleanup(cls.pg.close)

    # --- helpers -------------------------------------------------------------

    def budgetd(self, *extra):
        server = Budgetd(token_file=self.token_file, extra_args=list(extra)).start()
        self.addCleanup(server.close)
        return server, Api(server, PGSYNC_TOKEN)

    def migrate(self, schema):
        p = pgsync.run(["--postgres", self.pg.dsn(), "--schema", schema, "--migrate"])
        self.assertEqual(p.returncode, 0, p.stderr)

    def daemon(self, server, schema, *extra):
        d = pgsync.Pgsync(server.address, self.pg.dsn(), schema, PGSYNC_TOKEN, extra).start()
        self.addCleanup(d.close)
        return d

    def position(self, schema, pg=None):
        return (pg or self.pg).query(f"SELECT position FROM {schema}.sync_state")[0][0]

    def wait_caught_up(self, api, schema, daemon=None, timeout=120):
        head = api.head()
        wait_for(lambda: self.position(schema) == head, timeout,
                 f"{schema} to reach {head}" + ("\n" + daemon.logs()[-3000:] if daemon else ""))
        return head

    def load(self, server, args, **kw):
        env = {k: v for k, v in os.environ.items() if not k.startswith("BUDGET_TOKEN_")}
        return subprocess.Popen([LOAD, "--addr", server.address, "--tokens", self.demo_tokens] + args,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                                cwd=self.tmp.name, **kw)

    def setup_load_round(self, server):
        p = self.load(server, ["--setup", "--mix", "noop=1", "--count", "1"])
        out, err = p.communicate(timeout=60)
        self.assertEqual(p.returncode, 0, err)

    # --- the comparisons -----------------------------------------------------

    def assert_summary_equal(self, api, schema, round_id, pg=None):
        pg = pg or self.pg
        s = api.summary(round_id)
        stored = pg.query(f"SELECT summary FROM {schema}.round_summaries WHERE round_id = %s", (round_id,))[0][0]
        expected = as_dict(s)
        expected.pop("as_of", None)
        self.assertEqual(stored, expected)
        # The typed tables, column by column, every year.
        for t in [s.full_implementation] + list(s.by_year):
            row = pg.query(f"SELECT catalogue_kr, catalogue_target_kr, catalogue_remaining_kr, cross_cutting_kr,"
                           f" cross_cutting_share_bp, claimed_kr, pool_kr, selected_kr, approved_kr,"
                           f" raaderum_target_kr, raaderum_remaining_kr FROM {schema}.round_totals"
                           f" WHERE round_id = %s AND year = %s", (round_id, t.year))
            self.assertEqual(row, [(t.catalogue_kr, t.catalogue_target_kr, t.catalogue_remaining_kr,
                                    t.cross_cutting_kr, t.cross_cutting_share_bp, t.claimed_kr, t.pool_kr,
                                    t.selected_kr, t.approved_kr, t.raaderum_target_kr,
                                    t.raaderum_remaining_kr)], f"year {t.year}")
            committees = pg.query(f"SELECT committee_id, shortfall_kr, claimed_kr, remaining_gap_kr,"
                                  f" corrections_kr, resulting_frame_kr, costed_expansions_kr"
                                  f" FROM {schema}.committee_totals WHERE round_id = %s AND year = %s"
                                  f" ORDER BY committee_id", (round_id, t.year))
            self.assertEqual(committees, sorted(
                (c.committee.rsplit("/", 1)[1], c.shortfall_kr, c.claimed_kr, c.remaining_gap_kr,
                 c.corrections_kr, c.resulting_frame_kr, c.costed_expansions_kr) for c in t.committees))
            centres = pg.query(f"SELECT centre_id, own_target_kr, own_proposals_kr, remaining_kr"
                               f" FROM {schema}.centre_totals WHERE round_id = %s AND year = %s"
                               f" ORDER BY centre_id", (round_id, t.year))
            self.assertEqual(centres, sorted((c.centre.rsplit("/", 1)[1], c.own_target_kr, c.own_proposals_kr,
                                              c.remaining_kr) for c in t.centres))
        # The views built on the base tables, against the same summary.
        full = s.full_implementation
        view = pg.query(f"SELECT committee_id, shortfall_kr, claimed_kr, remaining_gap_kr"
                        f" FROM {schema}.claimed_vs_shortfall WHERE round_id = %s ORDER BY committee_id",
                        (round_id,))
        self.assertEqual(view, sorted((c.committee.rsplit("/", 1)[1], c.shortfall_kr, c.claimed_kr,
                                       c.remaining_gap_kr) for c in full.committees))
        summary_row = pg.query(f"SELECT catalogue_kr, approved_kr, pool_kr, claimed_kr, proposal_count"
                               f" FROM {schema}.round_summary WHERE round_id = %s", (round_id,))
        self.assertEqual(summary_row, [(full.catalogue_kr, full.approved_kr, full.pool_kr, full.claimed_kr,
                                        s.proposal_count)])
        return s

    def assert_proposals_equal(self, api, schema, round_id):
        proposals = api.all_proposals(round_id)
        stored = {pid: data for pid, data in self.pg.query(
            f"SELECT proposal_id, data FROM {schema}.proposals WHERE round_id = %s", (round_id,))}
        self.assertEqual(len(stored), len(proposals))
        for p in proposals:
            expected = as_dict(p)
            expected.pop("hearing_status", None)  # computed at read time from the clock
            self.assertEqual(stored[p.name.rsplit("/", 1)[1]], expected, p.name)
        typed = {r[0]: r[1:] for r in self.pg.query(
            f"SELECT proposal_id, status, full_implementation_kr, claim_committee_id, version"
            f" FROM {schema}.proposals WHERE round_id = %s", (round_id,))}
        for p in proposals:
            claim = p.claim.committee.rsplit("/", 1)[1] if p.claim.committee else None
            self.assertEqual(typed[p.name.rsplit("/", 1)[1]],
                             (proposal_pb2.ProposalStatus.Name(p.status),
                              p.content.full_implementation_kr, claim, p.version))
        # Catalogue per category (view) against the API's proposals, grouped here.
        by_category = collections.defaultdict(lambda: [0, 0])
        by_year = collections.defaultdict(int)
        for p in proposals:
            if p.HasField("withdraw_time"):
                continue
            c = proposal_pb2.ProposalCategory.Name(p.content.category)
            by_category[c][0] += 1
            by_category[c][1] += p.content.full_implementation_kr
            for e in p.content.effects:
                by_year[(c, e.year)] += e.amount_kr
        view = self.pg.query(f"SELECT category, proposals, full_implementation_kr FROM {schema}.catalogue_by_category"
                             f" WHERE round_id = %s", (round_id,))
        self.assertEqual(sorted(view), sorted((c, n, kr) for c, (n, kr) in by_category.items()))
        view = self.pg.query(f"SELECT category, year, amount_kr FROM {schema}.catalogue_by_category_and_year"
                             f" WHERE round_id = %s", (round_id,))
        self.assertEqual(sorted(view), sorted((c, y, kr) for (c, y), kr in by_year.items()))
        return proposals

    def assert_events_equal(self, api, schema):
        """Every event once, none missing, none doubled, hashes as budgetd's."""
        log = api.log()
        rows = self.pg.query(f"SELECT position, hash, prev_hash, type FROM {schema}.events ORDER BY position")
        self.assertEqual(len(rows), len(log))
        self.assertEqual(rows, [(e.position, e.hash, e.prev_hash, e.type) for e in log])
        self.assertEqual(self.pg.query(f"SELECT position, hash FROM {schema}.sync_state"),
                         [(log[-1].position, log[-1].hash)])

    # --- the tests -----------------------------------------------------------

    def test_a_demo_round_equals_the_api(self):
        server, api = self.budgetd("--demo_clock=2022-08-01T08:00:00Z")
        p = run_budgetctl(server.address, "demo", "strategy-2024", "--tokens", self.demo_tokens,
                          timeout=240)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.migrate("demo")
        d = self.daemon(server, "demo")
        self.wait_caught_up(api, "demo", d)
        s = self.assert_summary_equal(api, "demo", "2024")
        self.assertEqual(s.full_implementation.catalogue_kr, 111_500_000)
        self.assertEqual(s.full_implementation.approved_kr, 45_200_000)
        self.assert_proposals_equal(api, "demo", "2024")
        self.assert_events_equal(api, "demo")
        # Versions: every proposal has version 1, the amended ones more.
        versions = dict(self.pg.query("SELECT proposal_id, max(version) FROM demo.proposal_versions GROUP BY 1"))
        for pid, version in self.pg.query("SELECT proposal_id, version FROM demo.proposals"):
            self.assertEqual(versions[pid], version, pid)
        # Hearings, expansions and the rest, against their API.
        hearings = api.hearings.ListHearings(hearing_service_pb2.ListHearingsRequest(round="rounds/2024", page_size=1000),
                                             metadata=api.auth, timeout=30).hearings
        stored = dict(self.pg.query("SELECT name, data FROM demo.hearings"))
        self.assertEqual(len(stored), len(hearings))
        for h in hearings:
            expected = as_dict(h)
            expected.pop("state", None)  # computed at read time from the clock
            self.assertEqual(stored[h.name], expected)
        responses = sum(len(v.versions) for h in hearings for v in h.responses)
        self.assertEqual(self.pg.query("SELECT count(*) FROM demo.hearing_responses")[0][0], responses)
        expansions = api.expansions.ListExpansions(adoption_service_pb2.ListExpansionsRequest(round="rounds/2024"),
                                                 metadata=api.auth, timeout=30).expansions
        self.assertEqual(dict(self.pg.query("SELECT name, data FROM demo.expansions")),
                         {x.name: as_dict(x) for x in expansions})
        self.assertEqual(self.pg.query("SELECT count(*) FROM demo.readings")[0][0], 4)
        self.assertGreater(self.pg.query("SELECT count(*) FROM demo.questions WHERE answer <> ''")[0][0], 0)
        # Metrics: caught up, no lag.
        m = d.metrics()
        self.assertEqual(m["pgsync_position"], api.head())
        wait_for(lambda: d.metrics()["pgsync_lag_events"] == 0, 10, "lag 0")
        self.assertIn("event=pgsync_batch", d.logs())
        # A streaming replica serves the same figures: the way to scale reads.
        replica = self.pg.replica()
        self.addCleanup(replica.close)
        self.assertEqual(replica.query("SELECT pg_is_in_recovery()"), [(True,)])
        wait_for(lambda: self.position("demo", replica) == api.head(), 60, "the replica")
        self.assert_summary_equal(api, "demo", "2024", pg=replica)
        self.assertEqual(replica.query("SELECT * FROM demo.round_summary"),
                         self.pg.query("SELECT * FROM demo.round_summary"))

    def test_b_sigkill_during_a_burst_loses_and_doubles_nothing(self):
        server, api = self.budgetd()
        self.setup_load_round(server)
        self.migrate("kill")
        d = self.daemon(server, "kill")
        burst = self.load(server, ["--mix", "submit=4,amend=1,claim=1", "--rate", "400", "--duration", "6"])
        killed = 0
        for _ in range(3):
            time.sleep(1.2)
            d.stop(signal.SIGKILL)
            killed += 1
            d = self.daemon(server, "kill")
        burst.communicate(timeout=60)
        self.assertEqual(burst.returncode, 0)
        self.wait_caught_up(api, "kill", d)
        self.assert_events_equal(api, "kill")
        self.assert_summary_equal(api, "kill", "load")
        self.assert_proposals_equal(api, "kill", "load")

    def test_c_postgres_stopping_mid_run_is_survived(self):
        server, api = self.budgetd()
        self.setup_load_round(server)
        self.migrate("outage")
        d = self.daemon(server, "outage")
        burst = self.load(server, ["--mix", "submit=1", "--rate", "300", "--duration", "6"])
        time.sleep(1.5)
        self.pg.stop(mode="immediate")
        time.sleep(2)
        self.pg.start()
        burst.communicate(timeout=60)
        self.assertEqual(burst.returncode, 0)
        self.wait_caught_up(api, "outage", d)
        self.assertTrue(d.alive(), d.logs())
        self.assertIn("pgsync_write_failed", d.logs())
        self.assertGreater(d.metrics()['pgsync_reconnects_total{peer="postgresql"}'], 0)
        self.assert_events_equal(api, "outage")
        self.assert_summary_equal(api, "outage", "load")

    def test_d_rebuild_under_load_ends_equal(self):
        server, api = self.budgetd()
        self.setup_load_round(server)
        self.migrate("rebuilt")
        d = self.daemon(server, "rebuilt")
        burst = self.load(server, ["--mix", "submit=4,amend=1,claim=1", "--rate", "300", "--duration", "6"])
        time.sleep(2)
        readers = []

        def read_while_rebuilding():
            while burst.poll() is None:
                readers.append(self.pg.query("SELECT position FROM rebuilt.sync_state")[0][0])
                time.sleep(0.05)
        reader = threading.Thread(target=read_while_rebuilding)
        reader.start()
        p = pgsync.run(["--budgetd", server.address, "--postgres", self.pg.dsn(), "--schema", "rebuilt",
                        "--rebuild"], token=PGSYNC_TOKEN)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("rebuilt schema rebuilt", p.stdout)
        burst.communicate(timeout=60)
        reader.join()
        self.assertGreater(len(readers), 0)  # the old schema served while the new one was built
        self.wait_caught_up(api, "rebuilt", d)
        self.assert_events_equal(api, "rebuilt")
        self.assert_summary_equal(api, "rebuilt", "load")
        self.assert_proposals_equal(api, "rebuilt", "load")
        self.assertEqual(self.pg.query("SELECT count(*) FROM pg_namespace WHERE nspname LIKE %s", ("rebuilt_%",)), [(0,)])

    def test_e_an_unmigrated_schema_a_refused_token_or_another_log_stops_it_clearly(self):
        server, api = self.budgetd()
        d = pgsync.Pgsync(server.address, self.pg.dsn(), "fresh", PGSYNC_TOKEN).start()
        self.assertEqual(d.proc.wait(timeout=30), 4)
        self.assertIn("run budget-pgsync --migrate", d.logs())
        d.close()
        self.migrate("fresh")
        self.migrate("fresh")  # again: nothing to do
        self.assertEqual(self.pg.query("SELECT version FROM fresh.schema_migrations"), [(1,)])
        d = pgsync.Pgsync(server.address, self.pg.dsn(), "fresh", "not-a-token").start()
        self.assertEqual(d.proc.wait(timeout=30), 1)
        self.assertIn("UNAUTHENTICATED: unknown token", d.logs())
        d.close()
        self.assertEqual(self.position("fresh"), 0)
        # Pointed at another budgetd's log, it refuses to mix the two.
        self.setup_load_round(server)
        d = self.daemon(server, "fresh")
        self.wait_caught_up(api, "fresh", d)
        d.stop()
        other, _ = self.budgetd()
        self.setup_load_round(other)
        d = pgsync.Pgsync(other.address, self.pg.dsn(), "fresh", PGSYNC_TOKEN).start()
        self.assertEqual(d.proc.wait(timeout=30), 3)
        self.assertIn("PostgreSQL holds another log", d.logs())
        d.close()

    def dump(self, schema):
        """Every row of every table of `schema`, as text."""
        tables = [t for (t,) in self.pg.query("SELECT table_name FROM information_schema.tables"
                                              " WHERE table_schema = %s AND table_type = 'BASE TABLE'", (schema,))]
        return "\n".join(self.pg.query(f"SELECT coalesce(string_agg(t::text, E'\\n'), '') FROM {schema}.{t} t")[0][0]
                         for t in tables)

    def test_f_an_erasure_reaches_postgresql(self):
        """pgsync receives personal fields as budgetd shows its principal, never
        sealed; an EraseSubject replaces the subject's fields with [slettet] in
        every table, the events' payloads included; a --rebuild, which meets
        the erased events and their erasure in one batch, ends the same."""
        server, api = self.budgetd("--demo_clock=2022-08-01T08:00:00Z")
        p = run_budgetctl(server.address, "demo", "strategy-2024", "--tokens", self.demo_tokens,
                          timeout=240)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.migrate("erased")
        d = self.daemon(server, "erased")
        self.wait_caught_up(api, "erased", d)
        responses = self.pg.query("SELECT submitted_by, text FROM erased.hearing_responses WHERE text <> ''")
        self.assertGreater(len(responses), 1)
        self.assertNotIn("sealed:v1:", self.dump("erased"))
        self.assertNotIn("[skjult]", self.dump("erased"))  # the auditor sees them all
        subject = responses[0][0]
        kept = {t for s, t in responses if s != subject}
        erased = {t for s, t in responses if s == subject} - kept
        self.assertTrue(erased)
        for t in erased:
            self.assertIn(t, self.dump("erased"))
        p = run_budgetctl(server.address, "admin", "erase-subject", subject, "--reason",
                          "Anmodning om sletning, sag 24-0042", token=self.tokens["BUDGET_TOKEN_ADMIN"])
        self.assertEqual(p.returncode, 0, p.stderr)
        self.wait_caught_up(api, "erased", d)

        def check(schema):
            rows = self.pg.query(f"SELECT submitted_by, text FROM {schema}.hearing_responses WHERE text <> ''")
            self.assertEqual({t for s, t in rows if s == subject}, {"[slettet]"})
            self.assertEqual({t for s, t in rows if s != subject}, kept)
            dump = self.dump(schema)
            for t in erased:
                self.assertNotIn(t, dump)
            self.assertNotIn("sealed:v1:", dump)
            # The hearings as the API shows them now.
            hearings = api.hearings.ListHearings(hearing_service_pb2.ListHearingsRequest(
                round="rounds/2024", page_size=1000), metadata=api.auth, timeout=30).hearings
            stored = dict(self.pg.query(f"SELECT name, data FROM {schema}.hearings"))
            for h in hearings:
                expected = as_dict(h)
                expected.pop("state", None)
                self.assertEqual(stored[h.name], expected)
            self.assertEqual(self.pg.query(f"SELECT count(*) FROM {schema}.events"
                                           f" WHERE type = 'budget.v1.SubjectErased'"), [(1,)])
        check("erased")
        self.assert_events_equal(api, "erased")
        d.stop()
        p = pgsync.run(["--budgetd", server.address, "--postgres", self.pg.dsn(), "--schema", "erased",
                        "--rebuild"], token=PGSYNC_TOKEN, timeout=120)
        self.assertEqual(p.returncode, 0, p.stderr)
        check("erased")
        self.assert_events_equal(api, "erased")


if __name__ == "__main__":
    unittest.main()
