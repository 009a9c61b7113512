"""budgetctl's commands for the processes beside the round (seeds 000-003),
against a real budgetd: trial programme-create|propose|decide|report|evaluate|
conclude|link|get|list, processes as-of; agreement draft|revise|sign|
follow-up|end|get|list; dialogue plan|held|answer|case|year|cases; policy
define|target|figure|link|get|standing. Each command's happy path, a refusal
naming its rule and an invalid call, with exit codes and --json read back."""
import json
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


class AgreementTest(BudgetctlTestCase):
    def test_agreement_signed_by_both_followed_up_and_renewed(self):
        goal = "trivsel|Beboerne trives|trivselsmåling|4 af 5"
        a = self.js("agreement", "draft", "--committee", "socialudvalget", "--workplace", "enghaven", "--title",
                    "Udviklingsaftale", "--goal", goal, "--from", "2025", "--to", "2026")["agreement"]
        revised = self.js("agreement", "revise", a["name"], "--expected-version", "1", "--goal",
                          "trivsel|Beboerne trives|trivselsmåling|4,5 af 5", "--from", "2025", "--to", "2026",
                          role="committee")["agreement"]
        self.assertEqual(revised["versions"][1]["changes"][0]["field"], "goals[trivsel]")
        self.assertIn("rule 32", self.fails(REFUSED, "agreement", "follow-up", a["name"], "--year", "2025", "--goal",
                                            "trivsel", "--value", "4,4", "--met", "no"))
        self.ok("agreement", "sign", a["name"], "--party", "committee", "--version", "2", "--date", "2025-01-05",
                role="committee")
        self.ok("agreement", "sign", a["name"], "--party", "workplace", "--version", "2", "--date", "2025-01-06")
        self.ok("agreement", "follow-up", a["name"], "--year", "2025", "--goal", "trivsel", "--value", "4,4",
                "--met", "no", "--comment", "Tæt på")
        shown = self.ok("agreement", "get", a["name"], role="auditor")
        for text in ["in-force", "4,5 af 5", "Follow-ups", "Tæt på", "goals[trivsel]"]:
            self.assertIn(text, shown)
        self.assertIn("rule 31", self.fails(REFUSED, "agreement", "draft", "--committee", "socialudvalget",
                                            "--workplace", "enghaven", "--title", "Mange", "--from", "2025", "--to",
                                            "2026", *sum([["--goal", f"m{i}|Mål|i|t"] for i in range(6)], [])))
        renewed = self.js("agreement", "end", a["name"], "--date", "2026-12-31", "--reason", "Nye mål", "--renew",
                          "--goal", goal, "--from", "2027", "--to", "2028")["agreement"]
        self.assertEqual(renewed["renews"], a["name"])

    def test_dialogue_meetings_and_a_committee_case(self):
        planned = self.js("dialogue", "plan", "--committee", "teknik", "--year", "2025", "--workplace", "vejcenter",
                          "--workplace", "genbrugspladsen")["dialogueMeeting"]
        self.ok("dialogue", "held", planned["name"], "--date", "2025-03-04", "--place", "Vejcentret",
                "--at-workplace", "--participant", "Teknikudvalget", "--presenter", "Virksomhedslederen",
                "--minutes", "TU 04.03.2025 pkt. 2", "--question", "Formanden|Hvor mange vejarbejdere?")
        self.ok("dialogue", "answer", planned["name"], "Q1", "--answer", "Tolv", role="case_worker")
        year = self.js("dialogue", "year", "--committee", "teknik", "--year", "2025", role="auditor")
        self.assertEqual(year["workplacesWithoutMeeting"], ["workplaces/genbrugspladsen"])
        self.assertIn("Workplaces without a meeting", self.ok("dialogue", "year", "--committee", "teknik", "--year",
                                                              "2025", role="auditor"))
        case = ["dialogue", "case", "--committee", "teknik", "--workplace", "vejcenter", "--title", "Nye ruter",
                "--meeting-date", "2025-04-01", "--presenter", "Lederen", "--presenter-role", "workplace-leader"]
        self.assertIn("rule 7", self.fails(REFUSED, *case))
        self.ok(*case, "--heard-on", "2025-03-20", "--heard-how", "Høringssvar")
        self.assertIn("Høringssvar", self.ok("dialogue", "cases", "--committee", "teknik", role="auditor"))


class PolicyTest(BudgetctlTestCase):
    def test_targets_figures_and_standing(self):
        with open(self.path("policy.json"), "w") as f:
            json.dump({"keyFigures": [{"id": "anlaeg-brutto", "title": "Bruttoanlæg", "unit": "FIGURE_UNIT_KR"}]}, f)
        self.ok("policy", "define", "slagelse", "--municipality", "Slagelse Kommune", "--title", "Ressourcepolitik",
                "--from-json", self.path("policy.json"))
        with open(self.path("target.json"), "w") as f:
            json.dump({"target": {"id": "anlaeg", "title": "Anlæg min. 100 mio.", "goalNumber": 8,
                                  "keyFigure": "anlaeg-brutto", "year": 2024, "direction": "TARGET_WITHIN_BOUNDS",
                                  "hasMinimum": True, "minimum": "100000000", "atRiskMargin": "5000000"}}, f)
        self.ok("policy", "target", "slagelse", "--from-json", self.path("target.json"))
        self.assertIn("source", self.fails(INVALID, "policy", "figure", "slagelse", "--key-figure", "anlaeg-brutto",
                                           "--year", "2024", "--kind", "actual", "--value", "1"))
        self.ok("policy", "figure", "slagelse", "--key-figure", "anlaeg-brutto", "--year", "2024", "--kind",
                "budget", "--value", "103000000", "--source", "Budget 2024", role="case_worker")
        standing = self.js("policy", "standing", "slagelse", "--year", "2024", role="auditor")
        self.assertEqual(standing["targets"][0]["status"], "TARGET_AT_RISK")
        self.assertIn("at-risk", self.ok("policy", "standing", "slagelse", "--year", "2024", role="auditor"))
        self.assertIn("Budget 2024", self.ok("policy", "get", "slagelse", role="hmu"))


if __name__ == "__main__":
    unittest.main()
