"""budgetctl's commands for rules 10 and 11 and the demo clock, against a real
budgetd: expansion request|cost|set-frame|decide|get|list, adoption
seminar|priority|reading|adopt|correction|decide-correction, admin clock set.
Each command's happy path, a refusal and an invalid call, with exit codes and
--json read back."""
import unittest

from budgetctl_case import INVALID, NOT_ALLOWED, NOT_FOUND, REFUSED, BudgetctlTestCase, DAY, instant
from budgetd import Budgetd


class AdoptionTestCase(BudgetctlTestCase):
    def open_expansions(self, round_id):
        """A round whose expansion requests and decisions are open now."""
        self.open_round(round_id)
        for milestone, offset in [("expansion-process-decided", -DAY), ("budget-seminar", 30 * DAY),
                                  ("expansion-decisions-open", -DAY), ("expansion-decisions-close", 30 * DAY)]:
            self.ok("round", "set-milestone", round_id, milestone, "--at", instant(offset))
        # 004: ØK decides the process before anyone asks.
        process = self.js("expansion", "process", round_id, "--meeting-date", "2023-03-01", "--agenda-item",
                          "punkt 6", "--frame", "socialudvalget=4 mio", "--cap", "20 mio", "--topic",
                          "Demografi", role="finance_committee")
        self.assertEqual(process["round"]["expansionProcess"]["frames"],
                         [{"committee": f"rounds/{round_id}/committees/socialudvalget", "frameKr": "4000000"}])

    def request(self, round_id, title="Flere pædagoger", role="council"):
        return self.js("expansion", "request", "--round", round_id, "--title", title, "--committee",
                       "socialudvalget", "--description", "Et ønske fra byrådet", role=role)["expansion"]


class ExpansionTest(AdoptionTestCase):
    def test_request_cost_frame_decide_get_list(self):
        self.open_expansions("r-exp")
        first = self.request("r-exp")
        self.assertEqual(first["name"], "rounds/r-exp/expansions/E-0001")
        self.assertEqual(first["status"], "EXPANSION_REQUESTED")
        own = self.request("r-exp", title="Eget ønske", role="committee")
        self.assertEqual(own["requestedBy"], "users/committee")

        costed = self.js("expansion", "cost", first["name"], "--cost", "2024=1,5 mio", "--cost", "2025=3.000.000",
                         "--full-implementation", "3 mio", "--assumptions", "6 årsværk", role="case_worker")
        self.assertEqual(costed["expansion"]["status"], "EXPANSION_COSTED")
        self.assertEqual(costed["expansion"]["costs"], [{"year": 2024, "amountKr": "1500000"},
                                                        {"year": 2025, "amountKr": "3000000"}])
        framed = self.js("expansion", "set-frame", "socialudvalget", "--round", "r-exp", "--frame", "2 mio",
                         role="finance_committee")
        self.assertFalse(framed["deduplicated"])
        committee = self.js("summary", "r-exp", role="auditor")["fullImplementation"]["committees"][0]
        self.assertEqual((committee["expansionFrameKr"], committee["costedExpansionsKr"]), ("2000000", "3000000"))
        self.assertTrue(committee["expansionsOverFrame"])
        self.assertIn("over the frame", self.ok("summary", "r-exp", role="auditor"))

        decided = self.js("expansion", "decide", first["name"], "approve", "--reason", "Prioriteret",
                          role="council")
        self.assertEqual(decided["expansion"]["status"], "EXPANSION_APPROVED")
        self.assertIn("EXPANSION_DECIDED", self.fails(REFUSED, "expansion", "decide", first["name"], "reject",
                                                      role="council"))
        shown = self.ok("expansion", "get", first["name"], role="auditor")
        for text in ["Flere pædagoger", "approved", "1.500.000 kr.", "6 årsværk", "Prioriteret"]:
            self.assertIn(text, shown)
        self.assertEqual(self.js("expansion", "get", first["name"], role="hmu")["costedBy"], "users/case_worker")
        listed = self.js("expansion", "list", "--round", "r-exp", "--committee", "socialudvalget", role="auditor")
        self.assertEqual([x["name"] for x in listed["expansions"]], [first["name"], own["name"]])
        self.assertIn("Eget ønske", self.ok("expansion", "list", "--round", "r-exp", role="auditor"))

    def test_refused_not_allowed_and_invalid(self):
        self.open_expansions("r-exp-err")
        # Rule 10: the administration only costs what the politicians ask for.
        err = self.fails(REFUSED, "expansion", "request", "--round", "r-exp-err", "--title", "Eget initiativ",
                         "--committee", "socialudvalget", role="case_worker")
        self.assertIn("rule 10", err)
        self.fails(NOT_ALLOWED, "expansion", "request", "--round", "r-exp-err", "--title", "Ikke vores",
                   "--committee", "boerne", role="committee")
        x = self.request("r-exp-err")
        self.assertIn("rule 10", self.fails(REFUSED, "expansion", "decide", x["name"], "approve", role="council"))
        self.assertIn("--cost", self.fails(INVALID, "expansion", "cost", x["name"], "--cost", "2024",
                                           role="case_worker"))
        self.fails(INVALID, "expansion", "cost", x["name"], "--cost", "2031=1000", "--full-implementation", 1000,
                   "--assumptions", "uden for perioden", role="case_worker")
        self.assertIn("approve or reject", self.fails(INVALID, "expansion", "decide", x["name"], "maybe",
                                                      role="council"))
        self.assertIn("the round is not known", self.fails(INVALID, "expansion", "set-frame", "socialudvalget",
                                                           "--frame", 1000, role="finance_committee"))
        self.assertIn("ALREADY_DECIDED", self.fails(REFUSED, "expansion", "process", "r-exp-err", "--meeting-date",
                                                    "2023-03-02", "--agenda-item", "punkt 1",
                                                    role="finance_committee"))
        self.assertIn("COMMITTEE=KRONER", self.fails(INVALID, "expansion", "process", "r-exp-err",
                                                     "--frame", "socialudvalget", role="finance_committee"))
        self.fails(NOT_FOUND, "expansion", "get", "rounds/r-exp-err/expansions/E-0099", role="auditor")


class AdoptionTest(AdoptionTestCase):
    def test_corrections_automatic_assessed_and_decided(self):
        self.open_round("r-corr")
        # ØK's August window for law compensations is open now.
        for milestone, offset in [("law-programme", -DAY), ("expansion-decisions-close", 30 * DAY)]:
            self.ok("round", "set-milestone", "r-corr", milestone, "--at", instant(offset))
        small = self.js("adoption", "correction", "socialudvalget", "--round", "r-corr", "--kind", "c",
                        "--law", "L 150", "--amount", "2024=2.999.999", "--reason", "DUT under 3 mio. kr.")["correction"]
        self.assertEqual((small["kind"], small["state"]), ("CORRECTION_C_LAW_AND_CIRCULAR", "CORRECTION_APPLIED"))
        large = self.js("adoption", "correction", "rounds/r-corr/committees/socialudvalget", "--kind",
                        "law-and-circular", "--law", "L 32", "--amount", "2024=3 mio", "--amount", "2025=-1.000.000",
                        "--reason", "DUT over 3 mio. kr.")["correction"]
        self.assertEqual(large["state"], "CORRECTION_AWAITING_ASSESSMENT")
        self.assertEqual(large["amounts"][1], {"year": 2025, "amountKr": "-1000000"})
        self.ok("adoption", "correction", "socialudvalget", "--round", "r-corr", "--kind", "a", "--amount",
                "2024=-500.000", "--reason", "Pris og løn")
        # The financing kinds are the round's.
        financing = self.js("adoption", "correction", "r-corr", "--kind", "g", "--amount", "2024=2,8 mio",
                            "--reason", "Renter")["correction"]
        self.assertEqual((financing["round"], financing.get("committee", "")), ("rounds/r-corr", ""))
        full = self.js("summary", "r-corr", role="auditor")["fullImplementation"]
        self.assertEqual(full["committees"][0]["correctionsKr"], "2499999")  # the large one waits
        self.assertEqual(full["financingCorrectionsKr"], "2800000")
        self.assertIn("AssessFrameCorrection", self.fails(REFUSED, "adoption", "decide-correction", large["name"],
                                                          "approve", "--reason", "ØK i august",
                                                          role="finance_committee"))
        assessed = self.js("adoption", "assess-correction", large["name"], "--amount", "2024=2,6 mio",
                           "--basis", "Konkret beregning", role="case_worker")
        self.assertEqual(assessed["correction"]["state"], "CORRECTION_AWAITING_DECISION")
        self.fails(NOT_ALLOWED, "adoption", "decide-correction", large["name"], "approve", "--reason", "x",
                   role="council")
        decided = self.js("adoption", "decide-correction", large["name"], "approve", "--reason", "ØK i august",
                          role="finance_committee")
        self.assertEqual(decided["correction"]["state"], "CORRECTION_APPLIED")
        committee = self.js("summary", "r-corr", role="auditor")["fullImplementation"]["committees"][0]
        # By the assessed 2,6 mio. kr., not the 3 mio. kr. compensation.
        self.assertEqual(committee["resultingFrameKr"], str(1_200_000_000 + 2_999_999 - 500_000 + 2_600_000))
        self.assertIn("rule 11", self.fails(REFUSED, "adoption", "decide-correction", small["name"], "reject",
                                            "--reason", "Nej", role="finance_committee"))
        self.fails(NOT_ALLOWED, "adoption", "correction", "socialudvalget", "--round", "r-corr", "--kind", "a",
                   "--amount", "2024=1", "--reason", "x", role="council")
        self.assertIn("--kind", self.fails(INVALID, "adoption", "correction", "socialudvalget", "--round", "r-corr",
                                           "--kind", "z", "--amount", "2024=1", "--reason", "x"))
        self.fails(INVALID, "adoption", "correction", "socialudvalget", "--round", "r-corr", "--kind", "a",
                   "--amount", "2024=1", "--reason", "")

    def test_seminar_priority_readings_and_adoption(self):
        self.open_expansions("r-adopt")
        x = self.request("r-adopt")["name"]
        proposal = self.submit("r-adopt")
        self.assertIn("SEMINAR_NOT_RECORDED", self.fails(REFUSED, "adoption", "priority", "r-adopt", "--rank",
                                                         "E-0001", role="council"))
        seminar = self.js("adoption", "seminar", "r-adopt", "--first-day", "2023-08-24", "--last-day", "2023-08-25",
                          "--participant", "Byrådet", "--participant", "HMU", "--minutes", "Drøftet")
        self.assertFalse(seminar["deduplicated"])
        self.fails(INVALID, "adoption", "seminar", "r-adopt", "--first-day", "2023-08-25", "--last-day",
                   "2023-08-24")
        ranked = self.js("adoption", "priority", "r-adopt", "--rank", "E-0001,P-0001", "--note", "Vejledende",
                         role="council")
        priority = ranked["round"]["indicativePriority"]
        self.assertEqual(priority["ranking"], [x, proposal])
        self.assertIn("non-binding", priority["label"])
        self.assertIn("expected an expansion", self.fails(INVALID, "adoption", "priority", "r-adopt", "--rank",
                                                          "X-1", role="council"))

        self.assertIn("READING_ORDER", self.fails(REFUSED, "adoption", "reading", "r-adopt", "second-council",
                                                  "--date", "2023-10-10", "--outcome", "For tidligt",
                                                  role="council"))
        self.assertIn("READING_ORDER", self.fails(REFUSED, "adoption", "adopt", "r-adopt", "--meeting-date",
                                                  "2023-10-10", role="council"))
        self.fails(NOT_ALLOWED, "adoption", "reading", "r-adopt", "first-finance-committee", "--date",
                   "2023-08-11", "--outcome", "Oversendt", role="council")
        for kind, date, body in [("first-finance-committee", "2023-08-11", "finance_committee"),
                                 ("first-council", "2023-08-19", "council"),
                                 ("second-finance-committee", "2023-10-02", "finance_committee")]:
            self.ok("adoption", "reading", "r-adopt", kind, "--date", date, "--outcome", "Oversendt", role=body)
        read = self.js("adoption", "reading", "r-adopt", "second-council", "--date", "2023-10-10", "--outcome",
                       "Vedtaget", "--amendment", "E-0001=-1.000.000:Halv model", "--amendment", "P-0001=250000",
                       role="council")
        last = read["round"]["readings"][-1]
        self.assertEqual(last["amendments"][0], {"subject": x, "amountKr": "-1000000", "description": "Halv model"})
        self.assertEqual(last["amendments"][1]["subject"], proposal)
        self.assertIn("SUBJECT=KRONER", self.fails(INVALID, "adoption", "reading", "r-adopt", "second-council",
                                                   "--amendment", "E-0001", role="council"))
        adopted = self.js("adoption", "adopt", "r-adopt", "--meeting-date", "2023-10-10", role="council")
        self.assertEqual(adopted["round"]["adoption"]["meetingDate"], {"year": 2023, "month": 10, "day": 10})
        self.assertIn("ROUND_ADOPTED", self.fails(REFUSED, "proposal", "submit", "--round", "r-adopt", "--title",
                                                  "For sent", "--category", "other", "--committee",
                                                  "socialudvalget", "--implementation-start", "2024-01-01",
                                                  "--submitter", "employee", role="case_worker"))
        shown = self.ok("round", "get", "r-adopt", role="auditor")
        for text in ["Budget seminar 2023-08-24 – 2023-08-25", "Ranking (indicative", "E-0001, P-0001",
                     "second-council", "Vedtaget", "Adopted"]:
            self.assertIn(text, shown)
        self.fails(NOT_ALLOWED, "adoption", "seminar", "r-adopt", "--first-day", "2023-08-24", "--last-day",
                   "2023-08-25", role="council")


class ClockTest(BudgetctlTestCase):
    def test_the_real_clock_is_not_moved(self):
        err = self.fails(REFUSED, "admin", "clock", "set", "2030-01-01", role="administrator")
        self.assertIn("--demo_clock", err)
        self.fails(NOT_ALLOWED, "admin", "clock", "set", "2030-01-01", role="coordinator")
        self.assertIn("TIME", self.fails(INVALID, "admin", "clock", "set", "tomorrow", role="administrator"))

    def test_the_demo_clock_moves_forward_only(self):
        demo = Budgetd(extra_args=["--demo_clock=2022-08-01T08:00:00Z"]).start()
        self.addCleanup(demo.close)
        address = self.server.address
        self.server.address = demo.address
        self.addCleanup(setattr, self.server, "address", address)
        self.assertEqual(self.ok("admin", "clock", "set", "2023-05-02T08:00:00Z", role="administrator"),
                         "clock: 2023-05-02 08:00:00 UTC\n")
        self.assertEqual(self.js("admin", "clock", "set", "2023-06-01", role="administrator")["now"],
                         "2023-06-01T00:00:00Z")
        self.assertIn("never moves back", self.fails(INVALID, "admin", "clock", "set", "2023-01-01",
                                                     role="administrator"))


class HelpTest(BudgetctlTestCase):
    def test_every_new_command_has_help(self):
        commands = {"expansion": ["request", "cost", "set-frame", "decide", "get", "list"],
                    "adoption": ["seminar", "priority", "reading", "adopt", "correction", "decide-correction"],
                    "audit": ["log", "history", "as-of", "verify"], "admin clock": ["set"],
                    "demo": ["strategy-2024"]}
        for group, names in commands.items():
            for name in names:
                self.ok(*group.split(), name, "--help", connect=False)
        for command in ["export", "watch"]:
            self.ok(command, "--help", connect=False)
        self.assertIn("a..k", self.ok("adoption", "correction", "--help", connect=False))
        self.assertIn("csv or jsonl", self.ok("export", "--help", connect=False))
        self.fails(INVALID, "expansion", connect=False)


if __name__ == "__main__":
    unittest.main()
