"""`budgetctl demo strategy-2024` against a fresh budgetd with a demo clock,
with the token files ./run.sh makes: it loads without error, its summary has
exactly the totals of the demo data, running it again writes nothing, and
its exported log verifies offline with budget-verify."""
import json
import os
import re
import subprocess
import unittest

from budgetctl_case import INVALID, OK, REFUSED
from budgetd import DemoServerTestCase, run_budgetctl

BUDGET_VERIFY = os.environ["BUDGET_VERIFY"]

# The demo's totals, computed from its data (clients/budgetctl/demo_data.json).
# At full implementation: 42 proposals, one (1,2 mio.) withdrawn.
CATALOGUE = 111_500_000
CROSS_CUTTING = 58_600_000      # 13 proposals concerning more than one committee
CLAIMED = {"socialudvalget": 10_400_000,                  # S1-S5; S6 claimed, then released
           "boerne-og-uddannelsesudvalget": 10_300_000,   # B1-B6, B4 amended to 3,6 mio.
           "teknik-og-miljoeudvalget": 1_600_000}         # T1, T2
POOL = CATALOGUE - sum(CLAIMED.values())                  # 89,2 mio.
APPROVED = 45_200_000           # X1 12,0 + X3 9,0 + X2 7,4 + X5 6,0 + A3 5,2 + X7 2,9 + X8 2,2 + O3 0,5
# As adopted: ØK's 2nd reading cuts X3 by 1,0 mio. (no vacancy gain in units under 20 staff).
ADOPTED_RAADERUM = APPROVED - 1_000_000                   # 44,2 mio., under the 45 mio. target
# Approved expansions E1 11,4 + E3 4,5 + E4 2,4 + E5 3,2 + E7 2,0; the budget agreement
# adds E2 at half model (3,4) at ØK's 2nd reading and Byrådet the E8 trial (1,3).
APPROVED_EXPANSIONS = 23_500_000
ADOPTED_EXPANSIONS = APPROVED_EXPANSIONS + 3_400_000 + 1_300_000   # 28,2 mio.
ADOPTED_EXPANSIONS_BY_COMMITTEE = {"oekonomiudvalget": 2_000_000, "socialudvalget": 2_400_000,
                                   "boerne-og-uddannelsesudvalget": 4_500_000 + 3_400_000,
                                   "aeldre-og-sundhedsudvalget": 11_400_000,
                                   "teknik-og-miljoeudvalget": 3_200_000 + 1_300_000}
# 2024 alone: phased effects.
CATALOGUE_2024, CLAIMED_2024, APPROVED_2024 = 74_825_000, 14_650_000, 29_500_000
# Frames in 2024 after the applied corrections a-k: the new elderly law's
# compensation of 4,6 mio. kr. for Ældre- og Sundhedsudvalget is over 3 mio.,
# so the administration assessed it (4,114 mio.) and ØK approved that in
# August; the financing kinds e and g are the round's, not ØK's committee's.
CORRECTIONS_2024 = {"oekonomiudvalget": -1_700_000, "socialudvalget": 24_450_000,
                    "boerne-og-uddannelsesudvalget": 28_200_000, "aeldre-og-sundhedsudvalget": 35_714_000,
                    "teknik-og-miljoeudvalget": 662_000, "kultur-og-fritidsudvalget": 0,
                    "arbejdsmarkedsudvalget": 6_700_000}
FINANCING_2024 = -2_300_000 + 2_800_000   # land sold in Hyllinge; interest on new loans
# Costed, not rejected expansions; Ældre- og Sundhedsudvalget's 11,4 mio. exceed its 10 mio. frame.
EXPANSIONS = {"oekonomiudvalget": 2_000_000, "socialudvalget": 2_400_000,
              "boerne-og-uddannelsesudvalget": 4_500_000, "aeldre-og-sundhedsudvalget": 11_400_000,
              "teknik-og-miljoeudvalget": 3_200_000}


class DemoTest(DemoServerTestCase):
    DEMO_CLOCK = "2022-08-01T08:00:00Z"

    @classmethod
    def run_ctl(cls, *args, token=None):
        # The demo reads its tokens from the file.
        return run_budgetctl(cls.server.address, *args, token=cls.tokens[token] if token else None,
                             timeout=240)

    @classmethod
    def demo(cls):
        p = cls.run_ctl("demo", "strategy-2024", "--tokens", cls.demo_tokens, "--json")
        if p.returncode != OK:
            raise AssertionError(f"the demo failed ({p.returncode}):\n{p.stderr}")
        return json.loads(p.stdout)

    def ok(self, *args, token="BUDGET_TOKEN_AUDITOR"):
        p = self.run_ctl(*args, token=token)
        self.assertEqual(p.returncode, OK, f"{args}\n{p.stderr}")
        return p.stdout

    def js(self, *args, **kw):
        return json.loads(self.ok(*args, "--json", **kw))

    def test_the_summary_has_the_demo_totals(self):
        self.assertEqual(self.first["written"], self.first["steps"])
        s = self.js("summary", "2024")
        # The 42 of the data and F1's draft (an employee's suggestion, in no total).
        self.assertEqual((s["proposalCount"], s["withdrawnCount"], s["draftCount"]), (43, 1, 1))
        self.assertTrue(s["poolFormed"] and s["selectionApproved"])
        full = s["fullImplementation"]
        self.assertEqual(int(full["catalogueKr"]), CATALOGUE)
        self.assertEqual(int(full["crossCuttingKr"]), CROSS_CUTTING)
        self.assertEqual(full["crossCuttingShareBp"], CROSS_CUTTING * 10000 // CATALOGUE)
        self.assertEqual(int(full["claimedKr"]), sum(CLAIMED.values()))
        self.assertEqual(int(full["poolKr"]), POOL)
        self.assertEqual(int(full["selectedKr"]), APPROVED)
        self.assertEqual(int(full["approvedKr"]), APPROVED)
        self.assertEqual(int(full["adoptedRaaderumKr"]), ADOPTED_RAADERUM)
        self.assertEqual(int(full["adoptedRaaderumRemainingKr"]), 45_000_000 - ADOPTED_RAADERUM)
        self.assertEqual(int(full["approvedExpansionsKr"]), APPROVED_EXPANSIONS)
        self.assertEqual(int(full["adoptedExpansionsKr"]), ADOPTED_EXPANSIONS)
        self.assertEqual(int(full["raaderumBalanceKr"]), ADOPTED_RAADERUM - ADOPTED_EXPANSIONS)
        for c in full["committees"]:
            cid = c["committee"].split("/")[-1]
            self.assertEqual(int(c["claimedKr"]), CLAIMED.get(cid, 0), cid)
            self.assertLessEqual(int(c["remainingGapKr"]), 0, cid)
            self.assertEqual(int(c["correctionsKr"]), CORRECTIONS_2024[cid], cid)
            self.assertEqual(int(c["costedExpansionsKr"]), EXPANSIONS.get(cid, 0), cid)
            self.assertEqual(c["expansionsOverFrame"], cid == "aeldre-og-sundhedsudvalget", cid)
            self.assertEqual(int(c.get("adoptedClaimedKr", 0)), CLAIMED.get(cid, 0), cid)
            self.assertEqual(int(c.get("adoptedExpansionsKr", 0)), ADOPTED_EXPANSIONS_BY_COMMITTEE.get(cid, 0), cid)
            self.assertFalse(c.get("shortfallUncovered", False), cid)
        # The budget year's financing corrections (e, g) are the round's.
        self.assertEqual(int(full["financingCorrectionsKr"]), FINANCING_2024)
        self.assertEqual([c["kind"] for c in full["financingCorrections"]],
                         ["CORRECTION_E_LAND_AND_BUILDINGS", "CORRECTION_G_TAX_GRANTS_EQUALISATION"])
        self.assertEqual((int(full["expansionCapKr"]), full.get("expansionsOverCap", False)),
                         (30_000_000, False))
        year = s["byYear"][0]
        self.assertEqual((year["year"], int(year["catalogueKr"]), int(year["claimedKr"]), int(year["approvedKr"])),
                         (2024, CATALOGUE_2024, CLAIMED_2024, APPROVED_2024))
        text = self.ok("summary", "2024")
        for expected in ["111,5 mio. kr.", "89,2 mio. kr.", "45,2 mio. kr.", "met, 0,2 mio. kr. over",
                         "44,2 mio. kr.", "0,8 mio. kr. short", "28,2 mio. kr.", "16,0 mio. kr."]:
            self.assertIn(expected, text)

    def test_the_summary_shows_the_investment_and_the_staff_effects(self):
        # Issue 20 §1: S1 merges two residential units with a 2,5 mio. kr.
        # investment and 0,4 mio. kr. one-off operating costs in 2024, and
        # 5,5 FTE fewer by attrition at its two workplaces.
        s = self.js("summary", "2024")
        year = s["byYear"][0]["economics"]
        self.assertEqual((int(year["capitalKr"]), int(year["oneOffOperatingKr"])), (2500000, 400000))
        self.assertEqual(int(year["netKr"]), int(year["grossSavingsKr"]) - 2900000)
        staff = {w["workplace"].split("/")[-1]: w for w in s["fullImplementation"]["workplaces"]}
        self.assertEqual(int(staff["bofaellesskab-enghaven"]["byAttritionHundredths"]), 350)
        self.assertEqual(int(staff["botilbud-birkebo"]["byAttritionHundredths"]), 200)
        text = self.ok("summary", "2024")
        for expected in ["Capital costs (anlæg)", "Staff effects by workplace", "Bofællesskabet Enghaven"]:
            self.assertIn(expected, text)

    def test_the_catalogue_is_published_and_the_suggestions_screened(self):
        # Issue 20 §2: the steering group marked the 41 proposals ready and the
        # coordinator published them before the spring hearing; W1 (withdrawn)
        # and F1's draft stay out of the public's catalogue.
        r = self.js("round", "get", "2024")
        self.assertEqual([(p["edition"], p["publishTime"], len(p["proposals"])) for p in r["publications"]],
                         [(1, "2023-02-28T12:00:00Z", 41)])
        public = self.js("proposal", "list", "--round", "2024", token="BUDGET_TOKEN_PUBLIC")
        self.assertEqual(len(public["proposals"]), 41)
        self.assertTrue(all(p["stage"] == "PROPOSAL_PUBLISHED" for p in public["proposals"]))
        summary = self.js("summary", "2024", token="BUDGET_TOKEN_PUBLIC")
        self.assertEqual(int(summary["fullImplementation"]["catalogueKr"]), CATALOGUE)
        # No person's name and no hearing response (the demo's first response text).
        response = self.js("hearing", "list", "--round", "2024")["hearings"][0]["responses"][0]
        for seen in [public, summary, self.js("round", "get", "2024", token="BUDGET_TOKEN_PUBLIC")]:
            text = json.dumps(seen, ensure_ascii=False)
            self.assertNotIn("users/", text)
            self.assertNotIn(response["versions"][0]["text"], text)
        suggestions = self.js("suggestion", "list", "--round", "2024", token="BUDGET_TOKEN_EMPLOYEE")["suggestions"]
        self.assertEqual([(g["title"], g["status"]) for g in suggestions],
                         [("Fælles vagtplan for Enghaven og Birkebo", "SUGGESTION_ACCEPTED"),
                          ("Luk personalekantinen på rådhuset", "SUGGESTION_DECLINED")])
        draft = self.js("proposal", "get", suggestions[0]["proposal"])
        self.assertEqual((draft["stage"], draft["suggestion"]), ("PROPOSAL_DRAFT", suggestions[0]["name"]))
        self.assertIn("ekstern leverandør", suggestions[1]["declineReason"])
        table = self.ok("suggestion", "list", "--round", "2024", token="BUDGET_TOKEN_EMPLOYEE")
        for text in ["accepted", "declined", suggestions[0]["proposal"]]:
            self.assertIn(text, table)

    def test_the_year_is_in_the_round(self):
        r = self.js("round", "get", "2024")
        self.assertEqual(r["municipality"], "Næstved Kommune")
        self.assertEqual(r["adoption"]["meetingDate"], {"year": 2023, "month": 10, "day": 10})
        self.assertEqual([x["kind"] for x in r["readings"]],
                         ["READING_FIRST_FINANCE_COMMITTEE", "READING_FIRST_COUNCIL",
                          "READING_SECOND_FINANCE_COMMITTEE", "READING_SECOND_COUNCIL"])
        # 004 §4: ØK's 2nd reading works in the budget agreement; Byrådet adopts it by a vote.
        agreement = r["readings"][2]["agreement"]
        self.assertEqual(agreement["parties"], ["Socialdemokratiet", "Venstre", "Det Konservative Folkeparti", "SF"])
        self.assertEqual(len(agreement["items"]), 2)
        self.assertEqual({v["party"]: v["vote"] for v in r["readings"][3]["votes"]},
                         {"Socialdemokratiet": "VOTE_FOR", "Venstre": "VOTE_FOR",
                          "Det Konservative Folkeparti": "VOTE_FOR", "SF": "VOTE_FOR",
                          "Enhedslisten": "VOTE_AGAINST", "Dansk Folkeparti": "VOTE_ABSTAINED"})
        self.assertIn("Enhedslisten against", self.ok("round", "get", "2024"))
        # 004 "ØK/byrådet udvælger og godkender": two events by two roles, each with its meeting.
        recommendation, approval = r["selectionRecommendation"], r["selectionApproval"]
        self.assertEqual((recommendation["recommendedBy"], recommendation["meetingDate"]),
                         ("users/oekonomiudvalget", {"year": 2023, "month": 5, "day": 24}))
        self.assertEqual(len(recommendation["proposals"]), 8)
        self.assertEqual((approval["approvedBy"], approval["approvedCount"]), ("users/byraadet", 8))
        self.assertTrue(approval["agendaItem"])
        # 004: ØK decides the expansion process; the frames and the cap are its decision's.
        process = r["expansionProcess"]
        self.assertEqual((process["decidedBy"], int(process["capKr"]), len(process["frames"])),
                         ("users/oekonomiudvalget", 30_000_000, 5))
        self.assertTrue(process["topics"])
        decisions = self.ok("export", "--kind", "decisions", "--format", "csv", "--round", "2024",
                            token="BUDGET_TOKEN_AUDITOR")
        self.assertIn("budget agreement of Socialdemokratiet, Venstre, Det Konservative Folkeparti, SF", decisions)
        self.assertIn("votes: Socialdemokratiet for, Venstre for", decisions)
        self.assertIn(",recommended,", decisions)
        self.assertIn("expansion process decided", decisions)
        self.assertIn(",assessed,", decisions)
        self.assertEqual(r["seminar"]["firstDay"], {"year": 2023, "month": 8, "day": 24})
        self.assertEqual(len(r["indicativePriority"]["ranking"]), 6)
        self.assertEqual(r["pool"]["totalAtFormationKr"], str(POOL))
        self.assertIn("2023-04-30 22:00:00 UTC", r["pool"]["cause"])  # 1 May, Danish time
        meetings = self.js("meeting", "list", "--round", "2024")
        self.assertEqual([m["kind"] for m in meetings["meetings"]],
                         ["MEETING_LEADERS_FORUM", "MEETING_THEME_NOVEMBER", "MEETING_THEME_FEBRUARY",
                          "MEETING_HMU_DIALOGUE_APRIL", "MEETING_HMU_DIALOGUE_AUGUST"])
        self.assertEqual(len(meetings["questions"]), 6)
        self.assertTrue(all(q["answer"] for q in meetings["questions"]))
        hearing = self.js("hearing", "list", "--round", "2024")["hearings"][0]
        self.assertTrue(hearing["spring"])
        self.assertEqual(len(hearing["proposals"]), 41)
        enghaven = [x for x in hearing["responses"] if x["body"].endswith("/bofaellesskab-enghaven")][0]
        self.assertEqual(enghaven["versions"][0]["submittedBy"], "bodies/bofaellesskab-enghaven")
        statuses = [x["status"] for x in self.js("expansion", "list", "--round", "2024")["expansions"]]
        self.assertEqual(statuses.count("EXPANSION_APPROVED"), 5)
        proposals = self.js("proposal", "list", "--round", "2024")["proposals"]
        hmu = [p["submittedBy"] for p in proposals if p["content"]["submitterKind"] == "SUBMITTER_HMU"]
        self.assertEqual(hmu, ["bodies/hmu"] * 3)  # with HMU's own token
        self.assertEqual(len({p["content"]["category"] for p in proposals}), 16)  # every topic of 004
        first = self.js("audit", "log", "--round", "2024", "--page-size", 1)["entries"][0]
        self.assertEqual((first["type"], first["recordedAt"]), ("budget.v1.RoundCreated", "2022-08-15T09:00:00Z"))

    def test_running_it_again_writes_nothing(self):
        before = self.js("audit", "verify")
        again = self.demo()
        self.assertEqual((again["written"], again["deduplicated"]), (0, again["steps"]))
        after = self.js("audit", "verify")
        self.assertEqual((after["lastPosition"], after["lastHash"]), (before["lastPosition"], before["lastHash"]))
        self.assertEqual(again["summary"]["fullImplementation"]["approvedKr"], str(APPROVED))

    def test_the_exported_log_verifies_offline(self):
        verified = self.js("audit", "verify")
        path = os.path.join(self.tmp.name, "log.jsonl")
        self.ok("export", "--kind", "log", "--format", "jsonl", "--output", path)
        offline = subprocess.run([BUDGET_VERIFY, "--log", path], capture_output=True, text=True, timeout=120)
        self.assertEqual(offline.returncode, 0, offline.stderr)
        self.assertIn(f"head hash: {verified['lastHash']}", offline.stdout)
        self.assertIn(f"head position: {verified['lastPosition']}", offline.stdout)
        self.assertIn(f"head hash: {verified['lastHash']}", self.ok("audit", "verify"))

        restored = os.path.join(self.tmp.name, "restored")
        os.mkdir(restored)
        imported = subprocess.run([BUDGET_VERIFY, "--log", path, "--import", restored], capture_output=True,
                                  text=True, timeout=120)
        self.assertEqual(imported.returncode, 0, imported.stderr)
        self.assertRegex(imported.stdout, rf"imported into {re.escape(restored)}: head {verified['lastPosition']},"
                                          rf" hash {verified['lastHash']}")
        again = subprocess.run([BUDGET_VERIFY, "--data_dir", restored], capture_output=True, text=True, timeout=120)
        self.assertEqual(again.returncode, 0, again.stderr)
        self.assertIn(f"head hash: {verified['lastHash']}", again.stdout)

    def test_a_server_past_the_start_or_missing_tokens_are_refused(self):
        # This server's clock stands at the adoption now: a new round cannot get the seed's dates.
        p = self.run_ctl("demo", "strategy-2024", "--tokens", self.demo_tokens, "--round-id", "another")
        self.assertEqual(p.returncode, REFUSED, p.stderr)
        self.assertIn("clock is already past 2022-08-15T09:00:00Z", p.stderr)
        self.assertIn("--demo_clock=2022-08-01T08:00:00Z", p.stderr)
        p = self.run_ctl("demo", "strategy-2024", "--tokens", os.path.join(self.tmp.name, "missing"))
        self.assertEqual(p.returncode, INVALID, p.stderr)
        self.assertIn("cannot read the token file", p.stderr)
        partial = os.path.join(self.tmp.name, "partial-tokens")
        with open(partial, "w") as f:
            f.write(f"BUDGET_TOKEN_COORDINATOR={self.tokens['BUDGET_TOKEN_COORDINATOR']}\n")
        p = self.run_ctl("demo", "strategy-2024", "--tokens", partial)
        self.assertEqual(p.returncode, INVALID, p.stderr)
        self.assertIn("no token for BUDGET_TOKEN_CASE_WORKER", p.stderr)


if __name__ == "__main__":
    unittest.main()
