"""budgetctl as a process against a real budgetd: every subcommand, the exit
codes, --json, token creation, CSV import, settings precedence and TLS.

The binary comes from $BUDGETCTL (set by ctest). The server's phases follow
its clock, so each test opens its own round "now": work started a day ago,
proposals presented in a month; phases are then forced with override-gate.
"""
import json
import os
import shutil
import signal
import subprocess
import tempfile
import unittest

from budgetctl_case import (BUDGETCTL, CONFLICT, INVALID, NOT_ALLOWED, NOT_FOUND, OK, REFUSED, UNAVAILABLE,
                            BudgetctlTestCase, DAY, instant)
from budgetd import Budgetd, token, wait_for

HEADER = ("title,description,category,committees,centres,workplaces,effect_2024,effect_2025,effect_2026,"
          "effect_2027,full_implementation_kr,implementation_start,citizen_consequences,staff_consequences,"
          "staff_reduction_fte,submitter_kind\n")
QUOTED_DESCRIPTION = 'Flere linjer\nmed "citat" og et komma, her'
GOOD_CSV = HEADER + (
    '"Sammenlægning af to bosteder","Flere linjer\nmed ""citat"" og et komma, her",merge-units,'
    'socialudvalget,handicap,enghaven,"1.000.000",2000000,2000000,2000000,"2.000.000",2024-01-01,'
    'Ingen,"Færre, men større enheder",2.5,administration\n'
    'Indkøbsaftaler,,purchasing-agreements,Socialudvalget;boerne,,,500000,500000,500000,500000,'
    '500000,2024-07-01,,,0,centre\n'
    'Digital post,Robotter,DIGITALISATION,rounds/{round}/committees/boerne,,,0,100000,200000,300000,'
    '"300 000",2025-01-01,,,"0,75",employee\n')
# Line 3 has no title; lines 2 and 4 are valid.
BAD_CSV = HEADER + (
    'God,,other,socialudvalget,,,,,,,1000,2024-01-01,,,,employee\n'
    ',,other,socialudvalget,,,,,,,1000,2024-01-01,,,,employee\n'
    'Også god,,other,socialudvalget,,,,,,,2000,2024-01-01,,,,employee\n')


class RoundTest(BudgetctlTestCase):
    def test_create_define_and_show_a_round(self):
        self.open_round("r-round")
        shown = self.ok("round", "get", "r-round", role="auditor")
        for text in ["Testkommune", "110.000.000 kr.", "45.000.000 kr.", "1,5 %", "Socialudvalget",
                     "Børne- og Uddannelsesudvalget", "Bofællesskabet Enghaven", "Gates", "submission"]:
            self.assertIn(text, shown)
        r = self.round("r-round")
        self.assertEqual(r["name"], "rounds/r-round")
        self.assertEqual(r["targets"]["catalogueTotalKr"], "110000000")
        self.assertEqual(r["targets"]["crossCuttingShareBp"], 4000)
        self.assertEqual(r["targets"]["centreOwnShareBp"], 150)
        self.assertEqual([c["shortfallKr"] for c in r["committees"]], ["10000000", "10000000"])
        self.assertEqual(r["committees"][0]["operatingFrameKr"], "1200000000")
        self.assertEqual(r["centres"][0]["committee"], "rounds/r-round/committees/socialudvalget")
        self.assertIn("rounds/r-round", [x["name"] for x in self.js("round", "list", role="auditor")["rounds"]])
        self.assertIn("rounds/r-round", self.ok("round", "list", role="case_worker"))

    def test_timeline_milestones_and_gates(self):
        self.open_round("r-time")
        self.ok("round", "reach-milestone", "r-time", "cross-cutting-discussion")
        self.ok("round", "override-gate", "r-time", "claims", "forced-closed", "--reason", "fristen er nået")
        timeline = self.ok("timeline", "r-time", role="council")
        for text in ["work-started", "proposals-presented", "cross-cutting-discussion", "users/coordinator",
                     "forced closed by users/coordinator", "fristen er nået", "Overrides"]:
            self.assertIn(text, timeline)
        r = self.js("timeline", "rounds/r-time", role="council")
        gates = {g["gate"]: g for g in r["gates"]}
        self.assertTrue(gates["GATE_SUBMISSION"]["open"])
        self.assertFalse(gates["GATE_CLAIMS"]["open"])
        self.assertIn("forced closed", gates["GATE_CLAIMS"]["explanation"])
        reached = {m["kind"]: m for m in r["milestones"]}
        self.assertIn("reachedAt", reached["MILESTONE_CROSS_CUTTING_DISCUSSION"])
        self.ok("round", "override-gate", "r-time", "claims", "automatic", "--reason", "tilbage")
        self.assertTrue({g["gate"]: g["open"] for g in self.round("r-time")["gates"]}["GATE_CLAIMS"])

    def test_summary_report(self):
        self.open_round("r-sum")
        self.submit("r-sum", extra=["--effect", "2024=250.000", "--effect", "2025=1 mio", "--centre", "handicap"])
        self.submit("r-sum", title="Tværgående", committees="socialudvalget,boerne")
        report = self.ok("summary", "r-sum", role="auditor")
        for text in ["Summary of rounds/r-sum", "2 proposals", "Catalogue described", "2,0 mio. kr.",
                     "110,0 mio. kr.", "108,0 mio. kr. short", "50 % of the catalogue", "Approved (råderum)",
                     "45,0 mio. kr.", "Socialudvalget", "Center for Handicap og Psykiatri", "7,5 mio. kr.",
                     "Per year of the period", "2027", "full impl."]:
            self.assertIn(text, report)
        s = self.js("summary", "r-sum", role="auditor")
        full = s["fullImplementation"]
        self.assertEqual(full["catalogueKr"], "2000000")
        self.assertEqual(full["crossCuttingShareBp"], 5000)
        self.assertEqual(full["raaderumTargetKr"], "45000000")
        self.assertEqual([t["year"] for t in s["byYear"]], [2024, 2025, 2026, 2027])
        self.assertEqual(s["byYear"][0]["catalogueKr"], "250000")

    def test_refusals_have_their_exit_codes(self):
        self.open_round("r-err")
        err = self.fails(INVALID, "round", "create", "Not An Id", "--municipality", "X", "--budget-year", 2024)
        self.assertIn("round_id:", err)
        self.fails(NOT_FOUND, "round", "get", "1999", role="auditor")
        self.assertIn("not allowed", self.fails(NOT_ALLOWED, "round", "create", "r-x", "--municipality", "X",
                                                "--budget-year", 2024, role="case_worker"))
        self.assertIn("already exists", self.fails(CONFLICT, "round", "create", "r-err", "--municipality", "X",
                                                   "--budget-year", 2024))
        self.assertIn("--at", self.fails(INVALID, "round", "set-milestone", "r-err", "work-started",
                                         "--at", "tomorrow"))
        self.assertIn("ambiguous", self.fails(INVALID, "round", "set-milestone", "r-err", "council", "--at", "now"))


class ProposalTest(BudgetctlTestCase):
    def test_submit_amend_withdraw_get_list(self):
        self.open_round("r-prop")
        name = self.submit("r-prop", extra=["--effect", "2024=500.000", "--effect", "2025=1.000.000",
                                            "--centre", "handicap", "--workplace", "enghaven",
                                            "--staff-reduction", "1,5", "--description", "Lang\ntekst",
                                            "--staff-consequences", "1,5 årsværk ved naturlig afgang."])
        self.assertEqual(name, "rounds/r-prop/proposals/P-0001")
        p = self.proposal(name)
        c = p["content"]
        self.assertEqual(c["category"], "CATEGORY_VACANCIES")
        self.assertEqual(c["effects"], [{"year": 2024, "amountKr": "500000"}, {"year": 2025, "amountKr": "1000000"}])
        self.assertEqual(c["staffReductionFteHundredths"], "150")
        self.assertEqual(c["workplaces"], ["rounds/r-prop/workplaces/enghaven"])
        shown = self.ok("proposal", "get", name, role="auditor")
        for text in ["Færre vikarer", "1.000.000 kr.", "500.000 kr.", "1,50 FTE", "Lang\ntekst", "vacancies"]:
            self.assertIn(text, shown)

        amended = self.js("proposal", "amend", name, "--expected-version", 1, "--title", "Færre vikarer i 2024",
                          "--full-implementation", "1,25 mio", role="case_worker")
        self.assertEqual(amended["proposal"]["version"], "2")
        self.assertEqual(amended["proposal"]["content"]["fullImplementationKr"], "1250000")
        self.assertEqual(amended["proposal"]["content"]["effects"][0]["amountKr"], "500000")  # not in the mask
        err = self.fails(CONFLICT, "proposal", "amend", name, "--expected-version", 1, "--title", "Forældet",
                         role="case_worker")
        self.assertIn("version 2", err)

        second = self.submit("r-prop", title="Trækkes tilbage")
        self.ok("proposal", "withdraw", second, "--reason", "dublet", role="case_worker")
        self.assertEqual(self.proposal(second)["status"], "PROPOSAL_WITHDRAWN")

        listed = self.ok("proposal", "list", "--round", "r-prop", role="auditor")
        self.assertIn("Færre vikarer i 2024", listed)
        self.assertIn("withdrawn", listed)
        self.assertEqual(self.js("proposal", "list", "--round", "r-prop", role="auditor")["totalSize"], 2)
        only = self.js("proposal", "list", "--round", "r-prop", "--status", "withdrawn", role="auditor")
        self.assertEqual([p["name"] for p in only["proposals"]], [second])
        for flags, count in [(["--committee", "boerne"], 0), (["--committee", "socialudvalget"], 2),
                             (["--cross-cutting", "yes"], 0), (["--cross-cutting", "no"], 2),
                             (["--category", "vacancies"], 2), (["--category", "pools"], 0)]:
            listed = self.js("proposal", "list", "--round", "r-prop", *flags, role="auditor")
            self.assertEqual(len(listed["proposals"]), count, flags)
        page = self.js("proposal", "list", "--round", "r-prop", "--page-size", 1, role="auditor")
        self.assertEqual(len(page["proposals"]), 1)
        self.assertTrue(page["nextPageToken"])
        self.assertIn("more: --page-token", self.ok("proposal", "list", "--round", "r-prop", "--page-size", 1,
                                                     role="auditor"))

    def test_control_characters_in_stored_text_reach_people_escaped(self):
        """A title can hold terminal escapes (clear the screen, retitle the
        window, an 8-bit CSI); tables and views show them escaped, --json and
        exports keep the exact text."""
        self.open_round("r-esc")
        title = "Skjult\x1b[2J\x1b]0;pwned\x07 titel\u009b6n\ttab"
        name = self.submit("r-esc", title=title, extra=["--description", "to\nlinjer\x1b[31m"])
        shown = self.ok("proposal", "get", name, role="auditor")
        listed = self.ok("proposal", "list", "--round", "r-esc", role="auditor")
        for out in (shown, listed):
            for raw in ("\x1b", "\x07", "\u009b", "\t"):
                self.assertNotIn(raw, out)
        self.assertIn("Skjult\\x1b[2J\\x1b]0;pwned\\x07 titel\\u009b6n\\ttab", shown)
        self.assertIn("to\nlinjer\\x1b[31m", shown)  # line breaks still break lines
        self.assertEqual(self.proposal(name)["content"]["title"], title)
        csv = self.ok("export", "--kind", "catalogue", "--format", "csv", "--round", "r-esc", role="auditor")
        self.assertIn(title, csv)

    def test_submit_from_a_json_file_with_flags_overriding(self):
        self.open_round("r-json")
        request = {"parent": "rounds/r-json", "content": {
            "title": "Fra filen", "description": "Beskrivelse fra filen", "category": "CATEGORY_IT_SYSTEMS",
            "committees": ["rounds/r-json/committees/boerne"], "fullImplementationKr": "700000",
            "implementationStart": {"year": 2024, "month": 3, "day": 1}, "submitterKind": "SUBMITTER_CENTRE"}}
        path = self.write("submit.json", json.dumps(request))
        name = self.js("proposal", "submit", "--from-json", path, "--title", "Flaget vinder",
                       role="case_worker")["proposal"]["name"]
        c = self.proposal(name)["content"]
        self.assertEqual(c["title"], "Flaget vinder")
        self.assertEqual(c["description"], "Beskrivelse fra filen")
        self.assertEqual(c["category"], "CATEGORY_IT_SYSTEMS")
        self.assertIn("not a budget.v1.SubmitProposalRequest",
                      self.fails(INVALID, "proposal", "submit", "--from-json", self.write("bad.json", "{\"x\": 1}")))

    def test_invalid_unknown_and_not_allowed(self):
        self.open_round("r-bad")
        err = self.fails(INVALID, "proposal", "submit", "--round", "r-bad", "--title", "", "--category", "other",
                         "--committee", "socialudvalget", "--implementation-start", "2024-01-01",
                         "--submitter", "employee", role="case_worker")
        self.assertIn("invalid input:", err)
        self.assertIn("  content.title: is required", err)
        err = self.fails(INVALID, "proposal", "submit", "--round", "r-bad", "--category", "nonsense")
        self.assertIn("--category: unknown value \"nonsense\"", err)
        self.assertIn("digitalisation", err)
        self.assertIn("--implementation-start", self.fails(INVALID, "proposal", "submit", "--round", "r-bad",
                                                           "--implementation-start", "2024-02-30"))
        err = self.fails(NOT_FOUND, "proposal", "get", "rounds/r-bad/proposals/P-0099", role="auditor")
        self.assertIn("does not exist", err)
        self.fails(NOT_FOUND, "proposal", "submit", "--round", "r-bad", "--title", "x", "--category", "other",
                   "--committee", "unknown", "--implementation-start", "2024-01-01", "--submitter", "employee",
                   "--full-implementation", 1, role="case_worker")
        self.fails(NOT_ALLOWED, "proposal", "list", "--round", "r-bad", role="nobody")
        err = self.fails(NOT_ALLOWED, "proposal", "submit", "--round", "r-bad", "--title", "x", "--category",
                         "other", "--committee", "socialudvalget", "--implementation-start", "2024-01-01",
                         "--submitter", "employee", role="council")
        self.assertIn("not allowed", err)

    def test_a_request_id_makes_a_retry_safe(self):
        self.open_round("r-retry")
        args = ["proposal", "submit", "--round", "r-retry", "--title", "Én gang", "--category", "other",
                "--committee", "socialudvalget", "--implementation-start", "2024-01-01",
                "--submitter", "employee", "--request-id", "retry-1"]
        first = self.js(*args, role="case_worker")
        again = self.js(*args, role="case_worker")
        self.assertFalse(first["deduplicated"])
        self.assertTrue(again["deduplicated"])
        self.assertEqual(first["proposal"]["name"], again["proposal"]["name"])
        self.assertIn("a repeat", self.ok(*args, role="case_worker"))
        args[args.index("Én gang")] = "Noget andet"
        self.fails(CONFLICT, *args, role="case_worker")
        self.assertEqual(self.round("r-retry")["proposalCount"], 1)


class LifecycleTest(BudgetctlTestCase):
    """Issue 20 §2: draft, ready, published; employees' suggestions; the public's view."""

    def test_draft_ready_published_and_the_public_view(self):
        self.open_round("r-life")
        draft = self.js("proposal", "submit", "--round", "r-life", "--title", "Kladde uden konsekvenser",
                        "--category", "other", "--committee", "socialudvalget", "--full-implementation", "1 mio",
                        "--implementation-start", "2024-01-01", "--submitter", "administration",
                        role="case_worker")["proposal"]["name"]
        self.assertEqual(self.proposal(draft)["stage"], "PROPOSAL_DRAFT")
        err = self.fails(REFUSED, "proposal", "mark-ready", draft, "--as", "steering-group")
        self.assertIn("content.citizen_consequences", err)
        err = self.fails(REFUSED, "hearing", "open", "--round", "r-life", "--title", "Høring", "--proposal",
                         draft, "--body", "hmu", "--deadline", instant(10 * DAY))
        self.assertIn("rule 13 (handled once ready)", err)
        ready = self.submit("r-life", title="Færre vikarer i Enghaven")
        self.assertIn("marked ready", self.ok("proposal", "get", ready, role="auditor"))
        self.fails(NOT_ALLOWED, "proposal", "mark-ready", draft, "--as", "steering-group", role="case_worker")
        self.assertEqual(self.js("proposal", "list", "--round", "r-life", role="public")["proposals"], [])
        published = self.js("proposal", "publish", "--round", "r-life")
        self.assertEqual(published["round"]["publications"][0]["proposals"], [ready])
        table = self.ok("proposal", "list", "--round", "r-life", role="public")
        self.assertIn("Færre vikarer i Enghaven", table)
        self.assertIn("published", table)
        self.assertNotIn("Kladde", table)
        for args in [("proposal", "get", ready), ("round", "get", "r-life"), ("summary", "r-life")]:
            self.assertNotIn("users/", json.dumps(self.js(*args, role="public")))
        self.fails(NOT_FOUND, "proposal", "get", draft, role="public")
        self.fails(NOT_ALLOWED, "hearing", "list", "--round", "r-life", role="public")
        self.fails(NOT_ALLOWED, "audit", "log", "--round", "r-life", role="public")

    def test_suggestions_screened_in_and_declined(self):
        self.open_round("r-idea")
        idea = self.js("suggestion", "submit", "--round", "r-idea", "--title", "Fælles vagtplan",
                       "--description", "Én vagtplan for to bofællesskaber.", "--estimated-effect", "300.000",
                       role="employee")["suggestion"]["name"]
        other = self.js("suggestion", "submit", "--round", "r-idea", "--title", "Lukke kantinen",
                        "--description", "Spar kantinen.", role="employee")["suggestion"]["name"]
        self.fails(NOT_ALLOWED, "suggestion", "submit", "--round", "r-idea", "--title", "x", "--description", "y",
                   role="case_worker")
        accepted = self.js("suggestion", "screen", idea, "--outcome", "accepted", "--title", "Fælles vagtplan",
                           "--category", "other", "--committee", "socialudvalget", "--full-implementation",
                           "300.000", "--implementation-start", "2024-01-01", "--submitter", "employee")
        draft = accepted["suggestion"]["proposal"]
        self.assertEqual(self.proposal(draft)["suggestion"], idea)
        self.assertIn("reason", self.fails(INVALID, "suggestion", "screen", other, "--outcome", "declined"))
        self.ok("suggestion", "screen", other, "--outcome", "declined", "--reason", "Kantinen er udliciteret.")
        mine = self.js("suggestion", "list", "--round", "r-idea", role="employee")["suggestions"]
        self.assertEqual([(s["status"], s.get("proposal", "")) for s in mine],
                         [("SUGGESTION_ACCEPTED", draft), ("SUGGESTION_DECLINED", "")])
        table = self.ok("suggestion", "list", "--round", "r-idea", role="employee")
        for text in ["Fælles vagtplan", "accepted", "declined", "Kantinen er udliciteret."]:
            self.assertIn(text, table)
        self.assertEqual(self.js("summary", "r-idea", role="auditor")["draftCount"], 1)


class AllocationTest(BudgetctlTestCase):
    def test_claims_the_pool_and_the_councils_selection(self):
        self.open_round("r-alloc")
        own = self.submit("r-alloc", title="Eget område")
        cross = self.submit("r-alloc", title="Tværgående", committees="socialudvalget,boerne")
        late = self.submit("r-alloc", title="For sent")

        claimed = self.js("committee", "claim", own, "--committee", "socialudvalget", role="committee")
        self.assertEqual(claimed["proposal"]["status"], "PROPOSAL_CLAIMED")
        err = self.fails(REFUSED, "committee", "claim", cross, "--committee", "socialudvalget", role="committee")
        self.assertIn("refused: rule 3 (own area only)", err)
        self.assertIn("RULE_3_OWN_AREA_ONLY", err)
        self.ok("committee", "release", own, "--reason", "ombestemt", role="committee")
        self.assertEqual(self.proposal(own)["status"], "PROPOSAL_SUBMITTED")
        self.ok("committee", "claim", own, "--committee", "rounds/r-alloc/committees/socialudvalget",
                role="committee")
        self.fails(NOT_ALLOWED, "committee", "claim", late, "--committee", "socialudvalget", role="council")

        # Closing the claims phase forms the pool; a claim is then refused by rule 4.
        self.ok("round", "override-gate", "r-alloc", "claims", "forced-closed", "--reason", "april")
        err = self.fails(REFUSED, "committee", "claim", late, "--committee", "socialudvalget", role="committee")
        self.assertIn("refused: rule 4 (claims deadline)", err)

        # ØK selects and recommends; Byrådet approves (004 "ØK/byrådet udvælger og godkender").
        oek = "finance_committee"
        self.assertIn("GATE_SELECTION", self.fails(REFUSED, "council", "select", cross, role=oek))
        self.ok("round", "override-gate", "r-alloc", "selection", "forced-open", "--reason", "maj")
        self.fails(NOT_ALLOWED, "council", "select", cross, role="council")
        self.assertEqual(self.js("council", "select", cross, role=oek)["proposal"]["status"],
                         "PROPOSAL_SELECTED")
        self.assertIn("rule 1 (exclusive use)", self.fails(REFUSED, "council", "select", own, role=oek))
        self.ok("council", "deselect", cross, role=oek)
        self.ok("council", "select", cross, role=oek)
        self.ok("council", "select", late, role=oek)
        self.ok("council", "deselect", late, role=oek)

        self.assertIn("NOT_RECOMMENDED", self.fails(REFUSED, "council", "approve", "r-alloc", "--meeting-date",
                                                    "2024-05-31", "--agenda-item", "punkt 9", role="council"))
        err = self.fails(REFUSED, "council", "recommend", "r-alloc", "--meeting-date", "2024-05-24",
                         "--agenda-item", "punkt 4", role=oek)
        self.assertIn("rule 8", err)
        self.ok("meeting", "waive", "--round", "r-alloc", "--requirement", "hmu-dialogue-april",
                "--reason", "mødet blev aflyst", role="council")
        self.fails(NOT_ALLOWED, "council", "recommend", "r-alloc", "--meeting-date", "2024-05-24",
                   "--agenda-item", "punkt 4", role="council")
        self.assertIn("agenda_item", self.fails(INVALID, "council", "recommend", "r-alloc", "--meeting-date",
                                                "2024-05-24", role=oek))
        recommended = self.js("council", "recommend", "r-alloc", "--meeting-date", "2024-05-24",
                              "--agenda-item", "punkt 4", role=oek)
        self.assertEqual(recommended["round"]["selectionRecommendation"]["proposals"], [cross])
        self.assertIn("SELECTION_RECOMMENDED", self.fails(REFUSED, "council", "select", late, role=oek))
        self.ok("council", "approve", "r-alloc", "--meeting-date", "2024-05-31", "--agenda-item", "punkt 9",
                role="council")
        self.assertEqual(self.proposal(cross)["status"], "PROPOSAL_APPROVED")
        self.assertEqual(self.proposal(late)["status"], "PROPOSAL_REJECTED")
        self.fails(REFUSED, "council", "approve", "r-alloc", "--meeting-date", "2024-06-01", "--agenda-item",
                   "punkt 9", role="council")
        shown = self.ok("round", "get", "r-alloc", role="auditor")
        self.assertIn("by ØK at the meeting of 2024-05-24 (punkt 4) by users/finance_committee: 1 proposals", shown)
        self.assertIn("approved by Byrådet at the meeting of 2024-05-31 (punkt 9) by users/council", shown)
        summary = self.js("summary", "r-alloc", role="auditor")
        self.assertTrue(summary["selectionApproved"])
        self.assertEqual(summary["fullImplementation"]["approvedKr"], "1000000")
        self.assertEqual(summary["fullImplementation"]["claimedKr"], "1000000")
        self.assertRegex(self.ok("summary", "r-alloc", role="auditor"), r"Approved \(råderum\) +1,0 mio\. kr\.")


class HearingTest(BudgetctlTestCase):
    def test_hearings(self):
        self.open_round("r-hear")
        name = self.submit("r-hear", extra=["--workplace", "enghaven"])
        opened = self.js("hearing", "open", "--round", "r-hear", "--title", "Høring om vikarer",
                         "--proposal", "P-0001", "--body", "hmu", "--body", "user-group:brugerraad=Brugerrådet",
                         "--deadline", instant(10 * DAY), "--spring")
        hearing = opened["hearing"]["name"]
        self.assertEqual(hearing, "rounds/r-hear/hearings/H-0001")
        self.assertTrue(opened["hearing"]["spring"])
        self.assertEqual(sorted(b["name"] for b in opened["hearing"]["bodies"]),
                         ["bodies/brugerraad", "bodies/hmu", "rounds/r-hear/workplaces/enghaven"])

        self.ok("hearing", "respond", hearing, "--proposal", "P-0001", "--body", "hmu", "--stance", "objects",
                "--text", "Vi er imod", "--attachment", "doc-17", role="hmu")
        self.fails(CONFLICT, "hearing", "respond", hearing, "--proposal", name, "--body", "bodies/hmu",
                   "--stance", "supports", "--text", "Igen", role="hmu")
        self.fails(NOT_ALLOWED, "hearing", "respond", hearing, "--proposal", name, "--body", "bodies/brugerraad",
                   "--stance", "supports", "--text", "x", role="case_worker")
        amended = self.js("hearing", "amend-response", hearing, "--proposal", name, "--body", "hmu",
                          "--stance", "no-comment", role="hmu")
        self.assertEqual(len(amended["hearing"]["responses"][0]["versions"]), 2)

        self.ok("proposal", "amend", name, "--expected-version", 1, "--title", "Ny titel", role="case_worker")
        self.ok("hearing", "decide-rehearing", hearing, "--proposal", "P-0001", "--decision", "not-needed",
                "--reason", "kun titlen er ændret")
        shown = self.ok("hearing", "get", hearing, role="auditor")
        for text in ["Høring om vikarer", "the spring hearing", "Brugerrådet", "no-comment", "not-needed"]:
            self.assertIn(text, shown)
        self.assertEqual(len(self.js("hearing", "list", "--round", "r-hear", role="auditor")["hearings"]), 1)
        self.assertIn("Høring om vikarer", self.ok("hearing", "list", "--round", "r-hear", "--proposal", "P-0001",
                                                   role="auditor"))
        closed = self.js("hearing", "close", hearing, "--reason", "alle har svaret")
        self.assertEqual(closed["hearing"]["state"], "HEARING_CLOSED")
        self.fails(REFUSED, "hearing", "amend-response", hearing, "--proposal", name, "--body", "hmu",
                   "--stance", "supports", "--text", "For sent", role="hmu")

    def test_meetings_questions_information_and_waivers(self):
        self.open_round("r-meet")
        shown = self.submit("r-meet")
        hidden = self.submit("r-meet", title="Ikke vist")
        meeting = self.js("meeting", "record", "--round", "r-meet", "--kind", "theme-november", "--date",
                          "2022-11-15", "--participant", "Byrådet", "--participant", "HMU", "--proposal", "P-0001",
                          "--minutes", "Drøftet")["meeting"]["name"]
        self.assertEqual(meeting, "rounds/r-meet/meetings/M-0001")
        question = self.js("meeting", "ask", shown, "--meeting", "M-0001", "--text", "Hvad koster det?",
                           role="council")["question"]["name"]
        self.assertIn("rule 9", self.fails(REFUSED, "meeting", "ask", hidden, "--meeting", meeting,
                                           "--text", "Og denne?", role="council"))
        self.ok("meeting", "answer", question, "--answer", "Intet", role="case_worker")
        self.ok("meeting", "inform", "--round", "r-meet", "--body", "bodies/hmu", "--what", "Budgetstrategien")
        self.ok("meeting", "waive", "--round", "r-meet", "--requirement", "hmu-dialogue-april", "--reason", "aflyst",
                role="council")
        listed = self.js("meeting", "list", "--round", "r-meet", role="auditor")
        self.assertEqual([m["kind"] for m in listed["meetings"]], ["MEETING_THEME_NOVEMBER"])
        self.assertEqual(listed["questions"][0]["answer"], "Intet")
        self.assertEqual(listed["informed"][0]["body"], "bodies/hmu")
        self.assertEqual(listed["waivers"][0]["requirement"], "REQUIREMENT_HMU_DIALOGUE_APRIL")
        text = self.ok("meeting", "list", "--round", "r-meet", role="auditor")
        for expected in ["theme-november", "Hvad koster det?", "Budgetstrategien", "hmu-dialogue-april"]:
            self.assertIn(expected, text)


class ImportTest(BudgetctlTestCase):
    def test_a_valid_file_then_the_same_again(self):
        self.open_round("r-imp")
        path = self.write("good.csv", GOOD_CSV.format(round="r-imp"))
        out = self.ok("proposal", "import", path, "--round", "rounds/r-imp", role="case_worker")
        self.assertIn("3 submitted, 0 already imported", out)
        self.assertNotIn("\r", out)  # no progress bar when piped
        listed = self.js("proposal", "list", "--round", "r-imp", role="auditor")["proposals"]
        self.assertEqual(len(listed), 3)
        first = listed[0]["content"]
        self.assertEqual(first["description"], QUOTED_DESCRIPTION)
        self.assertEqual(first["staffConsequences"], "Færre, men større enheder")
        self.assertEqual(first["workplaces"], ["rounds/r-imp/workplaces/enghaven"])
        self.assertEqual(first["staffReductionFteHundredths"], "250")
        self.assertEqual(listed[1]["content"]["committees"],
                         ["rounds/r-imp/committees/socialudvalget", "rounds/r-imp/committees/boerne"])
        self.assertTrue(listed[1]["crossCutting"])
        self.assertEqual(listed[2]["content"]["fullImplementationKr"], "300000")
        self.assertEqual(listed[2]["content"]["staffReductionFteHundredths"], "75")

        position = self.round("r-imp")["logPosition"]
        again = self.js("proposal", "import", path, "--round", "r-imp", role="case_worker")
        self.assertEqual((again["submitted"], again["deduplicated"]), (0, 3))
        self.assertTrue(all(r["response"]["deduplicated"] for r in again["rows"]))
        self.assertEqual(self.round("r-imp")["logPosition"], position)
        self.assertEqual(self.round("r-imp")["proposalCount"], 3)

    def test_one_bad_row_submits_nothing(self):
        self.open_round("r-bad-imp")
        path = self.write("bad.csv", BAD_CSV)
        before = self.round("r-bad-imp")
        err = self.fails(INVALID, "proposal", "import", path, "--round", "r-bad-imp", role="case_worker")
        self.assertIn("bad.csv:3: title: is required", err)
        self.assertIn("nothing submitted", err)
        after = self.round("r-bad-imp")
        self.assertEqual(after["proposalCount"], 0)
        self.assertEqual(after["logPosition"], before["logPosition"])
        self.assertEqual(self.js("proposal", "list", "--round", "r-bad-imp", role="auditor")["totalSize"], 0)
        self.fails(INVALID, "proposal", "import", path, "--round", "r-bad-imp", "--dry-run", role="case_worker")

        p = self.ctl("proposal", "import", path, "--round", "r-bad-imp", "--skip-invalid", role="case_worker")
        self.assertEqual(p.returncode, OK, p.stderr)
        self.assertIn("bad.csv:3: title", p.stderr)
        self.assertIn("2 submitted", p.stdout)
        self.assertEqual(self.round("r-bad-imp")["proposalCount"], 2)

    def test_every_problem_is_named_with_its_line_and_column(self):
        self.open_round("r-lines")
        bad = HEADER + ('"Titel",,digitalisering,nope,,,x,,,,10,2024-13-01,,,"1,234",boss\n'
                        '"Ok",,other,socialudvalget,,,,,,,10,2024-01-01,,,,employee,extra\n')
        err = self.fails(INVALID, "proposal", "import", self.write("lines.csv", bad), "--round", "r-lines",
                         role="case_worker")
        for expected in ["lines.csv:2: category: unknown value \"digitalisering\"",
                         "lines.csv:2: committees: \"nope\" is not defined in rounds/r-lines",
                         "lines.csv:2: effect_2024: expected whole kroner",
                         "lines.csv:2: implementation_start: expected a calendar day",
                         "lines.csv:2: staff_reduction_fte: expected at most 2 decimals",
                         "lines.csv:2: submitter_kind: unknown value \"boss\"",
                         "lines.csv:3: has 17 fields; the header has 16"]:
            self.assertIn(expected, err)
        header = self.write("header.csv", "title,category,colour\n")
        err = self.fails(INVALID, "proposal", "import", header, "--round", "r-lines", role="case_worker")
        self.assertIn("header.csv:1: colour: unknown column", err)
        self.assertIn("header.csv:1: committees: the column is required", err)
        years = self.write("years.csv", HEADER.replace("effect_2027", "effect_2031"))
        self.assertIn("effect_2031: expected effect_<year> for a year of the period 2024..2027",
                      self.fails(INVALID, "proposal", "import", years, "--round", "r-lines", role="case_worker"))
        unclosed = self.write("unclosed.csv", HEADER + '"Titel,,other\n')
        self.assertIn("line 2: a quoted field in this record is not closed",
                      self.fails(INVALID, "proposal", "import", unclosed, "--round", "r-lines", role="case_worker"))
        self.assertEqual(self.round("r-lines")["proposalCount"], 0)

    def test_a_progress_bar_only_on_a_terminal(self):
        self.open_round("r-tty")
        path = self.write("tty.csv", GOOD_CSV.format(round="r-tty"))
        screen = self.on_terminal("proposal", "import", path, "--round", "r-tty", role="case_worker")
        self.assertIn(b"importing [", screen)
        self.assertIn(b"3/3", screen)
        self.assertIn(b"3 submitted", screen)


class AdminTokenTest(BudgetctlTestCase):
    def test_a_created_token_works_after_sighup(self):
        out = self.ok("admin", "token", "create", "--principal", "users/anna", "--role", "case-worker,auditor",
                      "--token-file", self.server.token_file, connect=False)
        secret = out.strip()
        self.assertRegex(secret, r"^[0-9a-f]{64}$")
        with open(self.server.token_file) as f:
            last = f.read().splitlines()[-1]
        self.assertRegex(last, r"^sha256:[0-9a-f]{64} users/anna case_worker,auditor$")
        self.assertNotIn(secret, last)
        env = self.env(BUDGET_ADDR=self.server.address, BUDGET_TOKEN=secret)
        self.fails(NOT_ALLOWED, "round", "list", env=env, connect=False)
        self.server.proc.send_signal(signal.SIGHUP)
        self.assertTrue(wait_for(lambda: self.ctl("round", "list", env=env, connect=False).returncode == OK))

    def test_without_a_token_file_the_line_goes_to_stderr(self):
        p = self.ctl("admin", "token", "create", "--principal", "users/bo", "--role", "committee",
                     "--committee", "socialudvalget", connect=False)
        self.assertEqual(p.returncode, OK, p.stderr)
        self.assertRegex(p.stdout, r"^[0-9a-f]{64}\n$")
        self.assertRegex(p.stderr, r"sha256:[0-9a-f]{64} users/bo committee committee=socialudvalget")
        self.assertIn("SIGHUP", p.stderr)
        made = self.js("admin", "token", "create", "--principal", "users/cko", "--role", "coordinator",
                       connect=False)
        self.assertRegex(made["token"], r"^[0-9a-f]{64}$")
        self.assertIn("users/cko coordinator", made["token_line"])
        self.assertIn("--committee", self.fails(INVALID, "admin", "token", "create", "--principal", "users/x",
                                                "--role", "committee", connect=False))
        self.assertIn("--role", self.fails(INVALID, "admin", "token", "create", "--principal", "users/x",
                                           "--role", "king", connect=False))


class AdminBackupTest(BudgetctlTestCase):
    def test_backup_restores_to_its_head(self):
        target = self.path("backup")
        made = self.js("admin", "backup", target, role="administrator")
        self.assertEqual(made["dir"], target)
        self.assertRegex(made["headHash"], r"^[0-9a-f]{64}$")
        self.fails(NOT_ALLOWED, "admin", "backup", self.path("other"), role="auditor")
        self.assertIn("already exists", self.fails(CONFLICT, "admin", "backup", target, role="administrator"))
        self.assertIn("dir", self.fails(INVALID, "admin", "backup", "relative/dir", role="administrator"))
        out = subprocess.run([os.environ["BUDGET_VERIFY"], "--data_dir", target], capture_output=True, text=True)
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
        self.assertIn("head hash: " + made["headHash"], out.stdout)


class SettingsTest(BudgetctlTestCase):
    def config(self, text, name="config"):
        return self.write(name, text)

    def test_environment_config_file_and_flags(self):
        good_addr, bad_addr = self.server.address, "127.0.0.1:1"
        good, bad = token("auditor"), "not-a-token"
        fast = {"BUDGET_TIMEOUT": "3"}
        # The environment alone.
        self.ok("round", "list", env=self.env(BUDGET_ADDR=good_addr, BUDGET_TOKEN=good), connect=False)
        # The config file alone, at its default place.
        os.makedirs(self.path("xdg/budgetctl"), exist_ok=True)
        with open(self.path("xdg/budgetctl/config"), "w") as f:
            f.write(f"# budgetctl\naddr = {good_addr}\ntoken = \"{good}\"\ntimeout = 5 # seconds\n")
        self.ok("round", "list", env=self.env(), connect=False)
        # The environment beats the config file.
        self.fails(NOT_ALLOWED, "round", "list", env=self.env(BUDGET_TOKEN=bad), connect=False)
        self.fails(UNAVAILABLE, "round", "list", env=self.env(BUDGET_ADDR=bad_addr, **fast), connect=False)
        # Flags beat the environment.
        self.ok("round", "list", "--token", good, "--addr", good_addr,
                env=self.env(BUDGET_TOKEN=bad, BUDGET_ADDR=bad_addr), connect=False)
        # --config names another file.
        other = self.config(f"addr = {good_addr}\ntoken = {bad}\n", "other")
        self.fails(NOT_ALLOWED, "--config", other, "round", "list", env=self.env(), connect=False)
        shutil.rmtree(self.path("xdg"))
        self.ok("round", "list", "--config", other, "--token", good, env=self.env(), connect=False)
        # A broken or missing config file is a usage error.
        self.assertIn("unknown key \"adress\"", self.fails(
            INVALID, "round", "list", "--config", self.config("adress = x\n", "typo"), connect=False))
        self.fails(INVALID, "round", "list", "--config", self.path("missing"), connect=False)

    def test_unreachable_server_and_usage_errors(self):
        err = self.fails(UNAVAILABLE, "round", "create", "r-x", "--municipality", "X", "--budget-year", 2024,
                         "--addr", "127.0.0.1:1", "--timeout", "2", connect=False)
        self.assertIn("--request-id", err)
        self.fails(INVALID, connect=False)
        self.fails(INVALID, "round", connect=False)
        self.fails(INVALID, "round", "get", connect=False)
        self.fails(INVALID, "round", "list", "--no-such-flag", connect=False)
        self.fails(INVALID, "round", "list", "--timeout", "soon", connect=False)
        help_text = self.ok("--help", connect=False)
        for text in ["Exit codes", "4  refused", "7  unavailable", "BUDGET_TOKEN"]:
            self.assertIn(text, help_text)
        submit_help = self.ok("proposal", "submit", "--help", connect=False)
        for text in ["--from-json", "--request-id", "--effect", "digitalisation"]:
            self.assertIn(text, submit_help)
        for group, commands in {
                "round": ["create", "define-committee", "define-centre", "define-workplace", "set-milestone",
                          "reach-milestone", "override-gate", "get", "list"],
                "proposal": ["submit", "amend", "withdraw", "get", "list", "import", "mark-ready", "publish"],
                "suggestion": ["submit", "screen", "list"],
                "committee": ["claim", "release"], "council": ["select", "deselect", "approve"],
                "hearing": ["open", "respond", "amend-response", "close", "decide-rehearing", "get", "list"],
                "meeting": ["record", "inform", "ask", "answer", "waive", "list"]}.items():
            for command in commands:
                self.ok(group, command, "--help", connect=False)
        self.ok("summary", "--help", connect=False)
        self.ok("timeline", "--help", connect=False)
        self.ok("admin", "token", "create", "--help", connect=False)


@unittest.skipUnless(shutil.which("openssl"), "needs the openssl command")
class TlsTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="budgetctl-tls-")
        d = self.tmp.name
        script = (
            "set -e\n"
            "openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 -subj /CN=test-ca\n"
            "printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\\n' > san.ext\n"
            "openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj /CN=localhost\n"
            "openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 2 "
            "-extfile san.ext\n"
            "openssl req -newkey rsa:2048 -nodes -keyout client.key -out client.csr -subj /CN=client\n"
            "openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out client.pem -days 2\n")
        subprocess.run(["bash", "-c", script], cwd=d, check=True, capture_output=True)

    def tearDown(self):
        self.tmp.cleanup()

    def run_ctl(self, server, *args):
        f = lambda name: os.path.join(self.tmp.name, name)
        cmd = [BUDGETCTL, "--addr", server.address, "--token", token("auditor"), "--timeout", "5"]
        cmd += [a.format(ca=f("ca.pem"), cert=f("client.pem"), key=f("client.key")) for a in args]
        return subprocess.run(cmd + ["round", "list"], capture_output=True, text=True, timeout=60).returncode

    def test_tls_and_mutual_tls(self):
        f = lambda name: os.path.join(self.tmp.name, name)
        tls = ["--tls_cert", f("server.pem"), "--tls_key", f("server.key")]
        server = Budgetd(extra_args=tls).start()
        self.addCleanup(server.close)
        self.assertEqual(self.run_ctl(server, "--tls-ca", "{ca}"), OK)
        self.assertEqual(self.run_ctl(server, "--tls-ca", "{ca}", "--tls-server-name", "localhost"), OK)
        self.assertEqual(self.run_ctl(server), UNAVAILABLE)  # plaintext to a TLS server
        mutual = Budgetd(extra_args=tls + ["--tls_client_ca", f("ca.pem")]).start()
        self.addCleanup(mutual.close)
        self.assertEqual(self.run_ctl(mutual, "--tls-ca", "{ca}", "--tls-cert", "{cert}", "--tls-key", "{key}"), OK)
        self.assertEqual(self.run_ctl(mutual, "--tls-ca", "{ca}"), UNAVAILABLE)
        self.assertEqual(self.run_ctl(mutual, "--tls-ca", "{ca}", "--tls-cert", "{cert}"), INVALID)


if __name__ == "__main__":
    unittest.main()
