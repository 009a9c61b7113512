"""budgetctl's commands for the processes beside the round (seeds 000-003),
against a real budgetd: trial programme-create|propose|decide|report|evaluate|
conclude|link|get|list, processes as-of. Each command's happy path, a refusal
naming its rule and an invalid call, with exit codes and --json read back."""
import unittest

from budgetctl_case import INVALID, NOT_ALLOWED, REFUSED, BudgetctlTestCase, DAY, instant


class TrialTest(BudgetctlTestCase):
    def programme(self, pid):
        self.ok("trial", "programme-create", pid, "--title", "Prøvehandlinger",
                "--criterion", "borgeren-foerst=Sætter borgeren først", "--deadline", instant(30 * DAY))

    def propose(self, pid, title, role="case_worker", *extra):
        return self.js("trial", "propose", "--programme", pid, "--title", title, "--description", "Faste teams",
                       "--workplace", "skaelskoer-plejecenter", "--why", "Færre skift", "--criterion",
                       "borgeren-foerst", "--months", "6", "--resources-kr", "150.000", "--measure",
                       "sygefravaer|Sygefraværet falder|sygefravær i %|under 6 %", *extra, role=role)["trial"]

    def test_a_trial_from_proposal_to_discard(self):
        self.programme("p1")
        trial = self.propose("p1", "Selvbetjening", "hmu")
        self.assertEqual(trial["name"], "programmes/p1/trials/T-0001")
        self.assertEqual(trial["status"], "TRIAL_PROPOSED")
        decided = self.js("trial", "decide", trial["name"], "--run", "--start", "2025-01-01", "--end",
                          "2025-06-30", "--body", "Direktionen", "--date", "2024-12-01", role="council")
        self.assertEqual(decided["trial"]["status"], "TRIAL_RUNNING")
        self.ok("trial", "report", trial["name"], "--date", "2025-03-01", "--text", "I gang", role="hearing_body")
        self.assertIn("rule 24", self.fails(REFUSED, "trial", "conclude", trial["name"], "--outcome", "discard",
                                            "--learning", "x", "--body", "Direktionen", "--date", "2025-07-01"))
        self.ok("trial", "evaluate", trial["name"], "--date", "2025-07-01", "--result",
                "sygefravaer=not-met:7,2 %", role="case_worker")
        discarded = self.js("trial", "conclude", trial["name"], "--outcome", "discard", "--learning",
                            "Kioskerne stod ubrugte", "--body", "Direktionen", "--date", "2025-07-15")
        self.assertEqual(discarded["trial"]["status"], "TRIAL_DISCARDED")
        shown = self.ok("trial", "get", trial["name"], role="auditor")
        for text in ["Selvbetjening", "discarded", "History", "budget.v1.TrialEvaluated", "Direktionen, 2024-12-01"]:
            self.assertIn(text, shown)
        found = self.js("trial", "list", "--query", "kioskerne", role="auditor")["trials"]
        self.assertEqual([t["name"] for t in found], [trial["name"]])
        self.assertIn("1 trials", self.ok("trial", "list", "--status", "discarded", role="auditor"))
        asof = self.js("processes", "as-of", "--position", decided["logPosition"], role="auditor")
        self.assertEqual([t["status"] for t in asof["trials"] if t["name"] == trial["name"]], ["TRIAL_RUNNING"])

    def test_refused_not_allowed_and_invalid(self):
        self.programme("p2")
        self.assertIn("rule 23", self.fails(REFUSED, "trial", "propose", "--programme", "p2", "--title", "Værft",
                                            "--description", "d", "--workplace", "w", "--why", "y", "--criterion",
                                            "borgeren-foerst", "--months", "3", "--measure", "m|d|i|t", "--for",
                                            "business=Korsør Værft", role="case_worker"))
        registered = self.propose("p2", "Værftets idé", "coordinator", "--for", "business=Korsør Værft")
        self.assertEqual(registered["externalProposer"]["name"], "Korsør Værft")
        self.fails(NOT_ALLOWED, "trial", "propose", "--programme", "p2", "--title", "t", role="auditor")
        self.assertIn("--months", self.fails(INVALID, "trial", "propose", "--programme", "p2", "--title", "t",
                                                   "--months", "61"))


if __name__ == "__main__":
    unittest.main()
