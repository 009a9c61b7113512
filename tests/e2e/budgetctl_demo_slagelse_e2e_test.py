"""`budgetctl demo slagelse` against a fresh budgetd with a demo clock: a year
of Slagelse Kommune's processes beside the round (seeds 000-003) loads
without error, its trials, agreements, dialogue and the economic policy's
standing are exactly those of its data (clients/budgetctl/demo_slagelse.json),
and running it again writes nothing."""
import json
import unittest

from budgetctl_case import OK
from budgetd import DemoServerTestCase, run_budgetctl

STEPS = 50  # round 1, policy 1 + 7 targets, programme 1, figures 10, trials 4 + 4 + 4 + 6,
            # agreements 7 + 2 follow-ups, dialogue 1 + 2 held
TRIALS = ["TRIAL_SCALED", "TRIAL_DISCARDED", "TRIAL_RUNNING", "TRIAL_RUNNING"]
# 2024 against 000's targets: the service ceiling 5 mio. kr. below its maximum
# (margin 10 mio.) and the operating surplus 6 mio. kr. above its minimum
# (margin 10 mio.) are at risk; the rest are met.
STANDING = {"serviceramme": ("TARGET_AT_RISK", "2995000000"), "anlaeg": ("TARGET_MET", "112000000"),
            "gaeld": ("TARGET_MET", "2110000000"), "overskud": ("TARGET_AT_RISK", "181000000"),
            "likviditet": ("TARGET_MET", "2340"), "sygefravaer": ("TARGET_MET", "664")}


class SlagelseDemoTest(DemoServerTestCase):
    DEMO_CLOCK = "2024-01-01T08:00:00Z"

    @classmethod
    def demo(cls):
        p = run_budgetctl(cls.server.address, "demo", "slagelse", "--tokens", cls.demo_tokens, "--json",
                          timeout=240)
        if p.returncode != OK:
            raise AssertionError(f"the demo failed ({p.returncode}):\n{p.stderr}")
        return json.loads(p.stdout)

    def test_the_year_has_the_demo_data(self):
        r = self.first
        self.assertEqual((r["steps"], r["written"]), (STEPS, STEPS))
        self.assertEqual([t["status"] for t in r["trials"]["trials"]], TRIALS)
        scaled = r["trials"]["trials"][0]
        self.assertEqual(scaled["outcomes"][0]["scaleTo"], ["workplaces/korsoer-plejecenter",
                                                             "workplaces/slagelse-plejecenter"])
        self.assertEqual(r["trials"]["trials"][3]["externalProposer"]["name"], "Grethe Hansen")
        self.assertIn("kioskerne stod ubrugte", r["trials"]["trials"][1]["outcomes"][0]["learning"])
        agreements = r["agreements"]["agreements"]
        self.assertEqual([a["status"] for a in agreements], ["AGREEMENT_IN_FORCE"] * 2)
        self.assertEqual([len(a["followUps"]) for a in agreements], [1, 1])
        self.assertEqual(agreements[0]["versions"][1]["changes"][0]["newValue"],
                         "Lavere sygefravær (sygefravær i %: under 6 %)")
        self.assertEqual(len(r["dialogue"]["meetings"]), 3)
        self.assertEqual(r["dialogue"]["workplacesWithoutMeeting"], ["workplaces/slagelse-sprogcenter"])
        standing = {t["target"]["id"]: (t["status"], t["value"]) for t in r["standing"]["targets"]}
        self.assertEqual(standing, STANDING)
        self.assertTrue(r["chain"]["ok"])

    def test_the_round_comes_from_slagelses_template(self):
        p = run_budgetctl(self.server.address, "round", "get", "slagelse-2025", "--json",
                          token=self.tokens["BUDGET_TOKEN_AUDITOR"])
        self.assertEqual(p.returncode, OK, p.stderr)
        r = json.loads(p.stdout)
        planned = {m["kind"]: m["plannedAt"] for m in r["milestones"]}
        # 000 goal 12: political budget proposals before 8 June 2024, Danish time.
        self.assertEqual(planned["MILESTONE_POLITICAL_PROPOSALS_DEADLINE"], "2024-06-07T22:00:00Z")
        self.assertNotIn("MILESTONE_THEME_MEETING_NOVEMBER", planned)
        self.assertEqual(r["settings"]["selectionHearing"], "SELECTION_HEARING_REQUIRED")
        goals = sorted({t["goalNumber"] for t in r["settings"]["economicTargets"]})
        self.assertEqual(goals, [8, 9, 10, 11])

    def test_running_it_again_writes_nothing(self):
        again = self.demo()
        self.assertEqual((again["written"], again["deduplicated"]), (0, STEPS))


if __name__ == "__main__":
    unittest.main()
